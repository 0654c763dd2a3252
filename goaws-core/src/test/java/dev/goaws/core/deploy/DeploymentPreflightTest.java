package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.Reporter;
import dev.goaws.core.StackKind;
import dev.goaws.core.local.Moto;
import dev.goaws.core.local.WithMoto;
import dev.goaws.core.synth.Assembly;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * What {@link Deployment} and {@link StackReader} check before the cdk CLI starts, against a real emulator
 * (moto through goaws's launcher). The CLI here is a path that does not exist: a check that let it start would
 * fail with "The cdk CLI failed to run" instead of the message asserted.
 */
@WithMoto
class DeploymentPreflightTest {
    private static final String IMAGE = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/app@sha256:" + "a".repeat(64);
    private static AwsTarget.AwsSession aws;

    private final List<String> reported = new ArrayList<>();
    private final Reporter reporter = Reporter.of(reported::add, reported::add);

    @BeforeAll
    static void connect(Moto moto) {
        aws = moto.session();
    }

    /** Each test its own stack and parameter names, so they share one emulator without meeting. */
    private static GoawsSettings settings() {
        String id = "t" + UUID.randomUUID().toString().substring(0, 8);
        return GoawsSettings.builder().stackPrefix(id).parameterPrefix("/" + id)
                .image(new ImageSource.Registry(IMAGE)).build();
    }

    private Deployment deployment(GoawsSettings settings, String bootstrapParameter, boolean bootstrap) {
        Set<String> names = Set.of(settings.stackName(StackKind.VPC), settings.stackName(StackKind.TABLE),
                settings.stackName(StackKind.CONTAINER));
        Assembly assembly = new Assembly(Path.of("target", "never-deployed"), names, "2.1134.0", bootstrapParameter, 6);
        CdkCli cli = CdkCli.at(Path.of("/nonexistent/goaws-test/cdk"), CliVersion.parse("2.1148.1"));
        return new Deployment(settings, assembly, aws, cli, new Deployment.Options(bootstrap, "never",
                Deployment.Method.DIRECT, Path.of("target", "preflight-outputs.json"), false), reporter);
    }

    private static void putParameter(String name, String value) {
        try (SsmClient ssm = aws.ssm()) {
            ssm.putParameter(b -> b.name(name).value(value).type(ParameterType.STRING).overwrite(true));
        }
    }

    @Test
    void theContainerStackNeedsWhatTheVpcAndTableStacksPublish() {
        GoawsSettings settings = settings();
        StackReader reader = new StackReader(settings, aws);
        reader.requirePrerequisites(List.of(StackKind.VPC, StackKind.TABLE, StackKind.CONTAINER));
        reader.requirePrerequisites(List.of(StackKind.VPC));

        DeployException noVpc = assertThrows(DeployException.class,
                () -> reader.requirePrerequisites(List.of(StackKind.CONTAINER)));
        assertTrue(noVpc.getMessage().contains(settings.vpcIdParameter()), noVpc.getMessage());
        assertTrue(noVpc.getMessage().contains("Run 'mvn goaws:deploy-vpc' first"), noVpc.getMessage());

        for (String name : reader.publishedParameters(StackKind.VPC)) {
            putParameter(name, "x");
        }
        DeployException noTable = assertThrows(DeployException.class,
                () -> reader.requirePrerequisites(List.of(StackKind.CONTAINER)));
        assertTrue(noTable.getMessage().contains("Run 'mvn goaws:deploy-table' first"), noTable.getMessage());
        // Deployed in the same run, the table stack is no prerequisite.
        reader.requirePrerequisites(List.of(StackKind.TABLE, StackKind.CONTAINER));

        putParameter(settings.tableParameter(), "the-table");
        reader.requirePrerequisites(List.of(StackKind.CONTAINER));
        assertEquals(Map.of(settings.tableParameter(), "the-table"),
                reader.parameters(List.of(settings.tableParameter(), "/" + settings.naming().stackPrefix() + "/absent")));
    }

    @Test
    void anEnvironmentThatIsNotBootstrappedOrTooOldIsRefusedWithTheCommandThatFixesIt() {
        GoawsSettings settings = settings();
        String parameter = "/" + settings.naming().stackPrefix() + "-bootstrap/version";
        DeployException none = assertThrows(DeployException.class,
                () -> deployment(settings, parameter, false).deploy(List.of(StackKind.TABLE)));
        assertTrue(none.getMessage().startsWith("aws://123456789012/eu-central-1 is not bootstrapped for the CDK (no"
                + " SSM parameter " + parameter + ")"), none.getMessage());
        assertTrue(none.getMessage().contains("'mvn goaws:bootstrap'"), none.getMessage());

        putParameter(parameter, "5");
        DeployException old = assertThrows(DeployException.class,
                () -> deployment(settings, parameter, false).deploy(List.of(StackKind.TABLE)));
        assertTrue(old.getMessage().contains("bootstrapped at version 5, but these stacks need 6"), old.getMessage());

        // With goaws.bootstrap=true it bootstraps instead: that starts the CLI, which does not exist here.
        DeployException cli = assertThrows(DeployException.class,
                () -> deployment(settings, parameter, true).deploy(List.of(StackKind.TABLE)));
        assertTrue(cli.getMessage().startsWith("The cdk CLI failed to run"), cli.getMessage());
        assertTrue(reported.stream().anyMatch(l -> l.contains("bootstrapping (goaws.bootstrap=true)")), reported.toString());
    }

    @Test
    void stacksThatAreNotDeployedAreSkippedWithoutTheCli() {
        GoawsSettings settings = settings();
        deployment(settings, null, false).destroy(List.of(StackKind.VPC, StackKind.CONTAINER, StackKind.TABLE));
        assertEquals(List.of(
                settings.stackName(StackKind.CONTAINER) + " is not deployed in aws://123456789012/eu-central-1: nothing to destroy",
                settings.stackName(StackKind.TABLE) + " is not deployed in aws://123456789012/eu-central-1: nothing to destroy",
                settings.stackName(StackKind.VPC) + " is not deployed in aws://123456789012/eu-central-1: nothing to destroy"),
                reported);
    }

    @Test
    void theVpcIsNotDestroyedFromUnderADeployedContainerStack() {
        GoawsSettings settings = settings();
        try (CloudFormationClient cfn = aws.cloudFormation()) {
            cfn.createStack(b -> b.stackName(settings.stackName(StackKind.CONTAINER)).templateBody(
                    "{\"Resources\":{\"Marker\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}"));
        }
        DeployException e = assertThrows(DeployException.class,
                () -> deployment(settings, null, false).destroy(List.of(StackKind.VPC)));
        assertEquals(settings.stackName(StackKind.CONTAINER) + " is still deployed and depends on the vpc stack. Destroy"
                + " it in the same run (-Dgoaws.stacks=container,vpc) or first. Nothing was destroyed.", e.getMessage());

        List<StackStatus> status = new StackReader(settings, aws).status();
        assertEquals(List.of(false, false, true), status.stream().map(StackStatus::deployed).toList());
        assertEquals("CREATE_COMPLETE", status.get(2).status());
    }

    @Test
    void theContainerStackIsRefusedWhenTheAssemblyHasNone() {
        GoawsSettings settings = settings();
        Assembly withoutContainer = new Assembly(Path.of("target", "never-deployed"),
                Set.of(settings.stackName(StackKind.VPC)), null, null, 0);
        Deployment deployment = new Deployment(settings, withoutContainer, aws,
                CdkCli.at(Path.of("/nonexistent/goaws-test/cdk"), CliVersion.parse("2.1148.1")),
                new Deployment.Options(false, "never", Deployment.Method.DIRECT, Path.of("target", "o.json"), false), reporter);
        DeployException e = assertThrows(DeployException.class, () -> deployment.deploy(List.of(StackKind.CONTAINER)));
        assertTrue(e.getMessage().contains("it needs an image. Set -Dgoaws.image="), e.getMessage());
        assertFalse(reported.stream().anyMatch(l -> l.startsWith("cdk deploy")), reported.toString());
    }
}
