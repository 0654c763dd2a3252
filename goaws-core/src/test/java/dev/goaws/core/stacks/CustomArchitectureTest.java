package dev.goaws.core.stacks;

import static dev.goaws.core.StackKind.CONTAINER;
import static dev.goaws.core.StackKind.TABLE;
import static dev.goaws.core.StackKind.VPC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.CpuArchitecture;
import dev.goaws.core.ImageSource;
import dev.goaws.core.StackKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Every name and size is a setting: another project's values reach the templates. This configuration also
 * turns every production option to its non-default state (HTTPS with a domain name, ARM64 with an image built
 * from a directory, no flow logs, ALB access logs, 90-day logs, 3..6 tasks on 50 % CPU, /ping health check,
 * data not retained), and still passes cdk-nag.
 */
@Tag("node")
class CustomArchitectureTest {
    static final String CERTIFICATE = "arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
    @TempDir
    static Path imageDirectory;
    private static StackFixtures.Synthesized synthesized;
    private static Map<StackKind, Template> templates;

    @BeforeAll
    static void synthesize() throws Exception {
        Files.writeString(imageDirectory.resolve("Dockerfile"), "FROM public.ecr.aws/docker/library/amazoncorretto:17\n");
        synthesized = StackFixtures.synthesize(StackFixtures.defaults()
                .stackPrefix("shop").parameterPrefix("/shop/prod").partitionKey("sku")
                .vpcCidr("10.20.0.0/20").natGateways(2).containerPort(9090).cpu(512).memoryMiB(1024)
                .desiredCount(3).appUsername("admin").retainData(false)
                .image(new ImageSource.Directory(imageDirectory))
                .certificateArn(CERTIFICATE).domainName("shop.example.com")
                .cpuArchitecture(CpuArchitecture.ARM64)
                .flowLogs(false)
                .accessLogBucket("shop-alb-logs")
                .logRetentionDays(90)
                .minTasks(2).maxTasks(6).cpuTarget(50)
                .healthCheckPath("/ping")
                .build());
        templates = synthesized.templates();
    }

    @Test
    void namesAndSizesComeFromTheSettings() {
        templates.get(VPC).resourceCountIs("AWS::EC2::NatGateway", 2);
        templates.get(VPC).hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.20.0.0/20"));
        templates.get(VPC).hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/shop/prod/vpc"));
        templates.get(TABLE).hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/shop/prod/table"));
        templates.get(TABLE).hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "sku", "KeyType", "HASH"))));
        Template container = templates.get(CONTAINER);
        container.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Cpu", "512", "Memory", "1024",
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "PortMappings", List.of(Map.of("ContainerPort", 9090, "Protocol", "tcp")),
                        "Image", Map.of("Fn::Sub", Match.stringLikeRegexp("container-assets")),
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "GOAWS_TABLE_PARAMETER", "Value", "/shop/prod/table"),
                                Map.of("Name", "PORT", "Value", "9090"))))))));
        // (the environment is sorted by name, which makes the order above deterministic)
        container.hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", 3));
        container.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString",
                Match.objectLike(Map.of("SecretStringTemplate", "{\"username\":\"admin\"}"))));
        container.hasParameter("*", Map.of("Type", "AWS::SSM::Parameter::Value<String>",
                "Default", "/shop/prod/vpc"));
        String text = new ObjectMapper().valueToTree(container.toJSON()).toString();
        assertFalse(text.contains("/go-on-aws"), "the default prefix leaked into a custom configuration");
    }

    @Test
    void dataIsDestroyedOnlyWhenAskedTo() {
        Template table = templates.get(TABLE);
        table.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete",
                "UpdateReplacePolicy", "Delete",
                "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", false,
                        // recovery stays on whatever happens on destroy
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)))));
        templates.get(CONTAINER).hasResource("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Delete",
                "Properties", Map.of("RetentionInDays", 90)));
    }

    @Test
    void httpsWithTheCertificateAndHttpOnlyRedirects() {
        Template container = templates.get(CONTAINER);
        container.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
        container.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Port", 443, "Protocol", "HTTPS",
                "Certificates", List.of(Map.of("CertificateArn", CERTIFICATE)),
                "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "DefaultActions", List.of(Match.objectLike(Map.of("Type", "forward")))));
        container.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Port", 80, "Protocol", "HTTP",
                "DefaultActions", List.of(Map.of("Type", "redirect", "RedirectConfig", Map.of(
                        "Port", "443", "Protocol", "HTTPS", "StatusCode", "HTTP_301")))));
        container.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress", List.of(
                Match.objectLike(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443, "ToPort", 443)),
                Match.objectLike(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 80, "ToPort", 80)))));
        container.hasOutput(ContainerStack.OUTPUT_SERVICE_URL, Map.of("Value", "https://shop.example.com"));
        container.hasOutput(ContainerStack.OUTPUT_LOAD_BALANCER_DNS, Map.of("Value",
                Map.of("Fn::GetAtt", List.of(Match.anyValue(), "DNSName"))));
    }

    @Test
    void tasksRunOnGravitonWithAnImageBuiltForArm64() throws Exception {
        templates.get(CONTAINER).hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("RuntimePlatform",
                Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX")));
        String assets = Files.readString(Path.of(synthesized.assembly().getDirectory(), "shop-container.assets.json"));
        assertTrue(assets.contains("\"platform\": \"linux/arm64\""), assets);
    }

    @Test
    void noFlowLogsWhenTurnedOffAndCdkNagIsToldWhy() {
        Template vpc = templates.get(VPC);
        vpc.resourceCountIs("AWS::EC2::FlowLog", 0);
        vpc.resourceCountIs("AWS::Logs::LogGroup", 0);
        assertEquals(Map.of("Vpc8378EB38 AwsSolutions-VPC7",
                "VPC flow logs were turned off explicitly with goaws.flowLogs=false."),
                StackFixtures.nagSuppressions(vpc));
    }

    @Test
    void loadBalancerWritesAccessLogsToTheNamedBucket() {
        templates.get(CONTAINER).hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "LoadBalancerAttributes", Match.arrayWith(List.of(
                        Map.of("Key", "access_logs.s3.enabled", "Value", "true"),
                        Map.of("Key", "access_logs.s3.bucket", "Value", "shop-alb-logs"),
                        Map.of("Key", "access_logs.s3.prefix", "Value", "shop-container")))));
    }

    @Test
    void scalesBetweenTheConfiguredTaskCountsOnTheCpuTarget() {
        Template container = templates.get(CONTAINER);
        container.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "MinCapacity", 2, "MaxCapacity", 6));
        container.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of("TargetValue", 50))));
    }

    @Test
    void healthCheckUsesTheConfiguredPathAndStillAccepts401() {
        templates.get(CONTAINER).hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
                "HealthCheckPath", "/ping", "Matcher", Map.of("HttpCode", "200,401")));
    }

    @Test
    void passesCdkNagWithTheSuppressionsOfThisConfiguration() {
        assertEquals(List.of(), synthesized.nagErrors());
        assertEquals(List.of(), synthesized.nagWarnings());
        Map<String, String> container = StackFixtures.nagSuppressions(templates.get(CONTAINER));
        assertEquals(List.of(
                "AppCredentials06DBAC7C AwsSolutions-SMG4",
                "ServiceLBSecurityGroupF7435A5C AwsSolutions-EC23",
                "ServiceTaskDef1922A00F AwsSolutions-ECS2",
                "ServiceTaskDefExecutionRoleDefaultPolicy3073559D AwsSolutions-IAM5 [\"Resource::*\"]"),
                List.copyOf(container.keySet()));
        assertTrue(container.get("ServiceLBSecurityGroupF7435A5C AwsSolutions-EC23").contains("443 and 80"));
    }
}
