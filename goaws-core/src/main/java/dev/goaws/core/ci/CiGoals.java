package dev.goaws.core.ci;

import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployException;
import dev.goaws.core.deploy.DeployGoals;
import dev.goaws.core.deploy.Deployment;
import dev.goaws.core.deploy.StackReader;
import dev.goaws.core.stacks.CiStack;
import dev.goaws.core.synth.Assembly;
import dev.goaws.core.synth.Synthesizer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** {@code goaws:deploy-ci}, and where {@code goaws:pipeline} finds the roles it deployed. */
public final class CiGoals {
    /** The CI stack's own assembly, beside the architecture's {@code cdk.out}. */
    public static final String ASSEMBLY_DIRECTORY = "ci.out";

    private CiGoals() {
    }

    /**
     * Synthesizes the CI stack (cdk-nag unless {@code goaws.nag=false}) and deploys it with the cdk CLI into the
     * bootstrapped target. Before the CLI starts: the provider ARN must be of the target's account and exist, and
     * without one the account must not hold GitHub's provider already (an account holds one per issuer).
     */
    public static CiRoles deploy(DeployGoals.Request request, CiSettings ci) throws DeployException {
        request.cli().check(request.target());
        AwsTarget.AwsSession aws = DeployGoals.connect(request);
        requireProvider(ci, aws);
        Reporter out = request.reporter();
        out.info("Synthesizing " + ci.stackName() + " for GitHub repository " + ci.repository().slug());
        Assembly assembly = new Synthesizer(System.getenv()).synthesize(
                request.outputDirectory().resolve(ASSEMBLY_DIRECTORY), request.settings().nag(),
                app -> new CiStack(app, ci));
        Map<String, String> outputs = Deployment.open(request.settings(), assembly, aws, request.cli(),
                request.outputsFile(), out).deployStack(ci.stackName());
        CiRoles roles = CiRoles.fromOutputs(outputs);
        out.info("GitHub Actions of " + ci.repository().slug() + " may now reach " + aws.environment()
                + " without keys (OIDC):");
        out.info("  deploy role        " + roles.deployRoleArn() + " (pushes to " + String.join(", ", ci.deployRefs())
                + ")");
        out.info("  pull-request role  " + roles.previewRoleArn() + (ci.previews()
                ? " (diff, and preview stages pr-<number>)" : " (diff only)"));
        out.info("Next: mvn goaws:pipeline writes .github/workflows/goaws.yml, which assumes them.");
        return roles;
    }

    /** The outputs of the deployed CI stack {@code stackName} in {@code aws}, if it is deployed. */
    public static Optional<Map<String, String>> deployedOutputs(AwsTarget.AwsSession aws, String stackName,
            dev.goaws.core.GoawsSettings settings) {
        return new StackReader(settings, aws).describe(stackName).map(CiGoals::outputs);
    }

    private static Map<String, String> outputs(Stack stack) {
        Map<String, String> outputs = new TreeMap<>();
        stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        return outputs;
    }

    private static void requireProvider(CiSettings ci, AwsTarget.AwsSession aws) throws DeployException {
        try (IamClient iam = aws.iam()) {
            if (ci.oidcProviderArn() != null) {
                String account = ci.oidcProviderArn().split(":")[4];
                if (!account.equals(aws.account())) {
                    throw new InvalidSettingException(CiSettings.OIDC_PROVIDER_ARN, "the provider is in account "
                            + account + ", but the credentials deploy to " + aws.account() + ": the roles can only"
                            + " trust a provider of their own account.");
                }
                try {
                    iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(ci.oidcProviderArn()));
                } catch (NoSuchEntityException e) {
                    throw new InvalidSettingException(CiSettings.OIDC_PROVIDER_ARN, "there is no provider "
                            + ci.oidcProviderArn() + " in " + aws.environment() + ". Leave goaws.oidcProviderArn"
                            + " unset to create it with the stack.");
                }
                return;
            }
            List<String> existing = iam.listOpenIDConnectProviders().openIDConnectProviderList().stream()
                    .map(p -> p.arn()).filter(arn -> arn.endsWith(":oidc-provider/" + CiSettings.TOKEN_ISSUER))
                    .toList();
            if (!existing.isEmpty() && !ownedByStack(aws, ci.stackName(), existing.get(0))) {
                throw new InvalidSettingException(CiSettings.OIDC_PROVIDER_ARN, "the account already has GitHub's"
                        + " OIDC provider " + existing.get(0) + " (an account holds one per issuer, e.g. from another"
                        + " repository's CI stack). Use it: -Dgoaws.oidcProviderArn=" + existing.get(0));
            }
        }
    }

    /** True when the deployed stack {@code stackName} created the provider {@code arn} (a redeploy keeps it). */
    private static boolean ownedByStack(AwsTarget.AwsSession aws, String stackName, String arn) {
        try (CloudFormationClient cfn = aws.cloudFormation()) {
            return cfn.describeStackResources(b -> b.stackName(stackName)).stackResources().stream()
                    .anyMatch(r -> r.resourceType().equals("AWS::IAM::OIDCProvider")
                            && arn.equals(r.physicalResourceId()));
        } catch (software.amazon.awssdk.services.cloudformation.model.CloudFormationException e) {
            return false; // no such stack
        }
    }
}
