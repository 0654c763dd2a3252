package dev.goaws.core.stacks;

import static dev.goaws.core.StackKind.CONTAINER;
import static dev.goaws.core.StackKind.TABLE;
import static dev.goaws.core.StackKind.VPC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.StackKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The default architecture, as the go-on-aws book describes it, proven on the synthesized templates. */
@Tag("node")
class DefaultArchitectureTest {
    /** The cdk-nag suppressions of the default container stack, in every network preset. */
    static final List<String> CONTAINER_SUPPRESSIONS = List.of(
            "AppCredentials06DBAC7C AwsSolutions-SMG4",
            "ServiceLBE9A1ADBC AwsSolutions-ELB2",
            "ServiceLBSecurityGroupF7435A5C AwsSolutions-EC23",
            "ServiceTaskDef1922A00F AwsSolutions-ECS2");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StackFixtures.Synthesized synthesized;
    private static Map<StackKind, Template> templates;

    @BeforeAll
    static void synthesize() {
        synthesized = StackFixtures.synthesize(StackFixtures.defaults().build());
        templates = synthesized.templates();
    }

    private static JsonNode json(StackKind kind) {
        return JSON.valueToTree(templates.get(kind).toJSON());
    }

    @Test
    void vpcHasTwoAzsOfPublicAndPrivateSubnetsAndOneNatGateway() {
        Template vpc = templates.get(VPC);
        vpc.resourceCountIs("AWS::EC2::VPC", 1);
        vpc.resourceCountIs("AWS::EC2::NatGateway", 1);
        vpc.resourceCountIs("AWS::EC2::Subnet", 4);
        vpc.resourcePropertiesCountIs("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", true), 2);
        vpc.resourcePropertiesCountIs("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", false), 2);
        vpc.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.0.0.0/16"));
    }

    @Test
    void natPresetHasNoNatInstanceAndReachesDynamoDbThroughAGatewayEndpointOnThePrivateRouteTables() {
        Template vpc = templates.get(VPC);
        vpc.resourceCountIs("AWS::EC2::Instance", 0);
        vpc.resourcePropertiesCountIs("AWS::EC2::Route", Map.of("DestinationCidrBlock", "0.0.0.0/0",
                "NatGatewayId", Match.anyValue(), "RouteTableId", Map.of("Ref",
                        Match.stringLikeRegexp("^VpcprivateSubnet"))), 2);
        vpc.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
        vpc.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway",
                "RouteTableIds", List.of(
                        Map.of("Ref", Match.stringLikeRegexp("^VpcprivateSubnet1RouteTable")),
                        Map.of("Ref", Match.stringLikeRegexp("^VpcprivateSubnet2RouteTable")))));
        assertTrue(StackFixtures.nagSuppressions(vpc).isEmpty(), "the default VPC needs no suppression");
    }

    @Test
    void vpcPublishesItsIdAndWhatTheContainerStackImportsAsSsmParameters() {
        Template vpc = templates.get(VPC);
        vpc.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                "Name", "/go-on-aws/vpc", "Type", "String",
                "Value", Map.of("Ref", Match.stringLikeRegexp("^Vpc[0-9A-F]{8}$"))));
        for (String name : List.of("/go-on-aws/vpc-azs", "/go-on-aws/vpc-public-subnets",
                "/go-on-aws/vpc-private-subnets")) {
            vpc.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                    "Name", name, "Type", "String",
                    "Value", Map.of("Fn::Join", List.of(",", Match.anyValue()))));
        }
        // Subnet lists are joined from exactly the two subnets of their kind.
        JsonNode params = json(VPC).path("Resources");
        params.forEach(resource -> {
            if (resource.path("Properties").path("Name").asText().endsWith("-subnets")) {
                assertEquals(2, resource.path("Properties").path("Value").path("Fn::Join").path(1).size());
            }
        });
    }

    @Test
    void tableHasStringPartitionKeyItemIdOnDemandWithRecoveryAndIsRetained() {
        Template table = templates.get(TABLE);
        table.resourceCountIs("AWS::DynamoDB::Table", 1);
        table.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "itemID", "KeyType", "HASH")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "itemID", "AttributeType", "S")),
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "DeletionProtectionEnabled", true));
        table.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        table.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                "Name", "/go-on-aws/table", "Type", "String",
                "Value", Map.of("Ref", Match.stringLikeRegexp("^Table[0-9A-F]{8}$"))));
    }

    @Test
    void containerRunsOneFargateTaskOf256CpuAnd512MiBOnPort8080BehindAPublicAlb() {
        Template container = templates.get(CONTAINER);
        container.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "Cpu", "256", "Memory", "512", "RequiresCompatibilities", List.of("FARGATE"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Image", StackFixtures.IMAGE,
                        "PortMappings", List.of(Map.of("ContainerPort", 8080, "Protocol", "tcp")))))));
        container.hasResourceProperties("AWS::ECS::Service", Map.of(
                "DesiredCount", 1, "LaunchType", "FARGATE",
                "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of(
                        "AssignPublicIp", "DISABLED"))),
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "MinimumHealthyPercent", 100,
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true)))));
        container.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "Scheme", "internet-facing", "Type", "application"));
        container.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
                "HealthCheckPath", "/", "Matcher", Map.of("HttpCode", "200,401")));
    }

    @Test
    void aStoppingTaskDrainsForThirtySecondsNotTheLoadBalancersFiveMinutes() {
        templates.get(CONTAINER).hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
                "TargetGroupAttributes", Match.arrayWith(List.of(Map.of(
                        "Key", "deregistration_delay.timeout_seconds", "Value", "30")))));
    }

    @Test
    void theLoadBalancerDropsHeaderFieldsThatAreNotValidHttp() {
        // Malformed header names reach no task: no request smuggling or header confusion between ALB and app.
        templates.get(CONTAINER).hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of(
                        "Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true")))));
    }

    @Test
    void containerImportsTheVpcAndTableFromSsmAtDeployTimeWithoutExports() {
        JsonNode parameters = json(CONTAINER).path("Parameters");
        List<String> ssmDefaults = new ArrayList<>();
        parameters.forEach(p -> {
            // BootstrapVersion is one too; it belongs to the CDK, not to the architecture.
            if (p.path("Type").asText().equals("AWS::SSM::Parameter::Value<String>")
                    && !p.path("Default").asText().startsWith("/cdk-bootstrap/")) {
                ssmDefaults.add(p.path("Default").asText());
            }
        });
        assertEquals(List.of("/go-on-aws/table", "/go-on-aws/vpc", "/go-on-aws/vpc-azs",
                "/go-on-aws/vpc-private-subnets", "/go-on-aws/vpc-public-subnets"),
                ssmDefaults.stream().sorted().toList());
        for (StackKind kind : StackKind.values()) {
            String text = json(kind).toString();
            assertFalse(text.contains("Fn::ImportValue"), kind + " imports a CloudFormation export");
            assertFalse(json(kind).path("Outputs").toString().contains("\"Export\""), kind + " exports a value");
        }
    }

    @Test
    void taskRoleMayOnlyScanTheTableAndReadItsParameter() {
        JsonNode resources = json(CONTAINER).path("Resources");
        String taskRole = null;
        for (var it = resources.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().path("Type").asText().equals("AWS::ECS::TaskDefinition")) {
                taskRole = e.getValue().path("Properties").path("TaskRoleArn").path("Fn::GetAtt").path(0).asText();
            }
        }
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals("AWS::IAM::Policy")
                    && resource.path("Properties").path("Roles").toString().contains("\"" + taskRole + "\"")) {
                resource.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        }
        assertEquals(2, statements.size(), statements.toString());
        JsonNode scan = statements.stream().filter(s -> s.path("Action").asText().equals("dynamodb:Scan"))
                .findFirst().orElseThrow();
        JsonNode get = statements.stream().filter(s -> s.path("Action").asText().equals("ssm:GetParameter"))
                .findFirst().orElseThrow();
        assertTrue(scan.path("Resource").toString().contains(":table/")
                && scan.path("Resource").toString().contains("SsmParameterValuegoonawstable"), scan.toString());
        assertTrue(get.path("Resource").toString().contains(":parameter/go-on-aws/table\""), get.toString());
    }

    @Test
    void noPolicyOfAnyStackGrantsOnEveryResource() {
        for (StackKind kind : StackKind.values()) {
            for (JsonNode resource : json(kind).path("Resources")) {
                if (resource.path("Type").asText().equals("AWS::IAM::Policy")) {
                    for (JsonNode statement : resource.path("Properties").path("PolicyDocument").path("Statement")) {
                        assertFalse(statement.path("Resource").toString().equals("\"*\"")
                                || statement.path("Resource").toString().contains("\"*\""),
                                kind + " grants " + statement.path("Action") + " on *");
                    }
                }
            }
        }
    }

    @Test
    void appCredentialsAreAGeneratedSecretInjectedByEcs() {
        Template container = templates.get(CONTAINER);
        container.hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "GenerateSecretString", Match.objectLike(Map.of(
                        "SecretStringTemplate", "{\"username\":\"goaws\"}",
                        "GenerateStringKey", "password",
                        "ExcludePunctuation", true))));
        JsonNode app = containerDefinition();
        Map<String, String> secrets = new java.util.TreeMap<>();
        app.path("Secrets").forEach(secret -> secrets.put(secret.path("Name").asText(),
                secret.path("ValueFrom").toString()));
        assertEquals(List.of("GOAWS_PASSWORD", "GOAWS_USERNAME"), List.copyOf(secrets.keySet()));
        assertTrue(secrets.get("GOAWS_USERNAME").contains(":username::")
                && secrets.get("GOAWS_USERNAME").contains("AppCredentials"), secrets.toString());
        assertTrue(secrets.get("GOAWS_PASSWORD").contains(":password::")
                && secrets.get("GOAWS_PASSWORD").contains("AppCredentials"), secrets.toString());
        Map<String, String> environment = new java.util.TreeMap<>();
        app.path("Environment").forEach(v -> environment.put(v.path("Name").asText(), v.path("Value").toString()));
        assertEquals("\"/go-on-aws/table\"", environment.get("GOAWS_TABLE_PARAMETER"));
        assertEquals("\"8080\"", environment.get("PORT"));
        assertFalse(environment.containsKey("GOAWS_PASSWORD"), "the password must never be a plain variable");
    }

    private static JsonNode containerDefinition() {
        for (JsonNode resource : json(CONTAINER).path("Resources")) {
            if (resource.path("Type").asText().equals("AWS::ECS::TaskDefinition")) {
                return resource.path("Properties").path("ContainerDefinitions").path(0);
            }
        }
        throw new AssertionError("no task definition");
    }

    @Test
    void containerOutputsTheServiceUrlAndTheLoadBalancerDns() {
        Template container = templates.get(CONTAINER);
        container.hasOutput(ContainerStack.OUTPUT_SERVICE_URL, Map.of("Value", Map.of("Fn::Join",
                List.of("", List.of("http://", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "DNSName")))))));
        container.hasOutput(ContainerStack.OUTPUT_LOAD_BALANCER_DNS, Map.of("Value",
                Map.of("Fn::GetAtt", List.of(Match.anyValue(), "DNSName"))));
        container.hasOutput(ContainerStack.OUTPUT_CREDENTIALS_SECRET, Map.of("Value", Map.of("Ref",
                Match.stringLikeRegexp("^AppCredentials"))));
    }

    @Test
    void logsAreKeptForThirtyDays() {
        templates.get(CONTAINER).hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void vpcFlowLogsGoToALogGroupKeptThirtyDaysThatOutlivesTheStack() {
        Template vpc = templates.get(VPC);
        vpc.resourceCountIs("AWS::EC2::FlowLog", 1);
        vpc.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceType", "VPC", "TrafficType", "ALL", "LogDestinationType", "cloud-watch-logs",
                "ResourceId", Map.of("Ref", Match.stringLikeRegexp("^Vpc[0-9A-F]{8}$")),
                "LogGroupName", Map.of("Ref", Match.stringLikeRegexp("^FlowLogs[0-9A-F]{8}$"))));
        vpc.hasResource("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Retain",
                "Properties", Map.of("RetentionInDays", 30)));
    }

    @Test
    void appLogsGoToCloudWatchWithoutBlockingTheAppWhenCloudWatchIsSlow() {
        templates.get(CONTAINER).hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "LogConfiguration", Match.objectLike(Map.of(
                                "LogDriver", "awslogs",
                                "Options", Match.objectLike(Map.of(
                                        "awslogs-stream-prefix", "app",
                                        "mode", "non-blocking",
                                        "max-buffer-size", 25 * 1024 * 1024 + "b")))))))));
    }

    @Test
    void appLogsOutliveTheStack() {
        templates.get(CONTAINER).hasResource("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Retain",
                "Properties", Map.of("RetentionInDays", 30)));
    }

    @Test
    void taskSecurityGroupAdmitsOnlyTheLoadBalancerOnTheContainerPort() {
        StackFixtures.assertTasksAdmitOnlyTheLoadBalancer(json(CONTAINER).path("Resources"), 8080);
    }

    @Test
    void servesPlainHttpOnPort80WithoutACertificate() {
        Template container = templates.get(CONTAINER);
        container.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
        container.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Port", 80, "Protocol", "HTTP",
                "DefaultActions", List.of(Match.objectLike(Map.of("Type", "forward"))),
                "Certificates", Match.absent()));
    }

    @Test
    void autoscalesFromOneToFourTasksOnSeventyPercentCpu() {
        Template container = templates.get(CONTAINER);
        container.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "MinCapacity", 1, "MaxCapacity", 4, "ScalableDimension", "ecs:service:DesiredCount",
                "ServiceNamespace", "ecs"));
        container.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Map.of(
                        "PredefinedMetricSpecification", Map.of("PredefinedMetricType",
                                "ECSServiceAverageCPUUtilization"),
                        "TargetValue", 70)));
    }

    @Test
    void tasksRunOnX86WithoutLoadBalancerAccessLogs() {
        Template container = templates.get(CONTAINER);
        container.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("RuntimePlatform",
                Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX")));
        assertFalse(json(CONTAINER).toString().contains("access_logs.s3"), "access logs without a bucket");
    }

    @Test
    void passesCdkNagWithOnlyTheJustifiedSuppressions() {
        assertEquals(List.of(), synthesized.nagErrors());
        assertEquals(List.of(), synthesized.nagWarnings());
        Map<String, String> suppressions = new java.util.TreeMap<>();
        for (StackKind kind : StackKind.values()) {
            suppressions.putAll(StackFixtures.nagSuppressions(templates.get(kind)));
        }
        assertEquals(CONTAINER_SUPPRESSIONS, List.copyOf(suppressions.keySet()));
        suppressions.forEach((rule, reason) -> assertTrue(reason.length() > 80, rule + ": " + reason));
        assertTrue(suppressions.get("ServiceLBSecurityGroupF7435A5C AwsSolutions-EC23").contains("port 80."));
    }
}
