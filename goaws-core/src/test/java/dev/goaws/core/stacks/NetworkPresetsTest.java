package dev.goaws.core.stacks;

import static dev.goaws.core.StackKind.CONTAINER;
import static dev.goaws.core.StackKind.VPC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.NetworkPreset;
import dev.goaws.core.StackKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The two presets without a NAT gateway ({@code goaws.network}): what each must contain, what it must not, and
 * that each passes cdk-nag and synthesizes without a context lookup. The default {@code nat} preset is
 * {@link DefaultArchitectureTest}.
 */
@Tag("node")
class NetworkPresetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StackFixtures.Synthesized natInstance;
    private static StackFixtures.Synthesized publicTasks;

    @BeforeAll
    static void synthesize() {
        natInstance = StackFixtures.synthesize(StackFixtures.defaults().network(NetworkPreset.NAT_INSTANCE).build());
        publicTasks = StackFixtures.synthesize(StackFixtures.defaults().network(NetworkPreset.PUBLIC).build());
    }

    private static JsonNode json(StackFixtures.Synthesized synthesized, StackKind kind) {
        return JSON.valueToTree(synthesized.get(kind).toJSON());
    }

    private static List<JsonNode> resources(StackFixtures.Synthesized synthesized, StackKind kind, String type) {
        List<JsonNode> found = new ArrayList<>();
        json(synthesized, kind).path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        return found;
    }

    // ---------------------------------------------------------------------------------------------- nat-instance

    @Test
    void natInstanceIsASmallGravitonInstanceInsteadOfANatGateway() {
        Template vpc = natInstance.get(VPC);
        vpc.resourceCountIs("AWS::EC2::NatGateway", 0);
        vpc.resourceCountIs("AWS::EC2::EIP", 0);
        vpc.resourceCountIs("AWS::EC2::Instance", 1);
        vpc.hasResourceProperties("AWS::EC2::Instance", Map.of(
                "InstanceType", "t4g.nano",
                "SourceDestCheck", false,
                "SubnetId", Map.of("Ref", Match.stringLikeRegexp("^VpcpublicSubnet1Subnet")),
                "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/xvda", "Ebs", Map.of(
                        "VolumeSize", 8, "VolumeType", "gp3", "Encrypted", true, "DeleteOnTermination", true))),
                "ImageId", Map.of("Ref", Match.stringLikeRegexp("^SsmParameterValueawsserviceamiamazonlinuxlatest"))));
    }

    @Test
    void natInstanceRequiresImdsV2ItselfInsteadOfRelyingOnTheImagesDefault() {
        // Session tokens only: a request forged through the instance (SSRF) cannot read the metadata service.
        natInstance.get(VPC).hasResourceProperties("AWS::EC2::Instance", Map.of("MetadataOptions", Map.of(
                "HttpTokens", "required", "HttpEndpoint", "enabled")));
    }

    @Test
    void natInstanceImageIsResolvedFromSsmAtDeployTimeWithoutAContextLookup() {
        JsonNode imageParameter = null;
        for (JsonNode parameter : json(natInstance, VPC).path("Parameters")) {
            if (parameter.path("Type").asText().equals("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>")) {
                imageParameter = parameter;
            }
        }
        assertTrue(imageParameter != null, "no deploy-time image parameter");
        assertEquals("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64",
                imageParameter.path("Default").asText());
        var missing = natInstance.assembly().getManifest().getMissing();
        assertTrue(missing == null || missing.isEmpty(), "context lookups: " + missing);
    }

    @Test
    void privateSubnetsRouteToTheInternetThroughTheInstance() {
        Template vpc = natInstance.get(VPC);
        vpc.resourcePropertiesCountIs("AWS::EC2::Route", Map.of("DestinationCidrBlock", "0.0.0.0/0",
                "InstanceId", Map.of("Ref", Match.stringLikeRegexp("^VpcpublicSubnet1NatInstance")),
                "RouteTableId", Map.of("Ref", Match.stringLikeRegexp("^VpcprivateSubnet"))), 2);
        natInstance.get(CONTAINER).hasResourceProperties("AWS::ECS::Service", Map.of("NetworkConfiguration",
                Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "DISABLED")))));
    }

    @Test
    void natInstanceAdmitsOnlyTheVpcAndNothingFromTheInternet() {
        List<JsonNode> groups = resources(natInstance, VPC, "AWS::EC2::SecurityGroup");
        assertEquals(1, groups.size(), groups.toString());
        JsonNode ingress = groups.get(0).path("Properties").path("SecurityGroupIngress");
        assertEquals(1, ingress.size(), ingress.toString());
        assertEquals("[\"Vpc8378EB38\",\"CidrBlock\"]", ingress.path(0).path("CidrIp").path("Fn::GetAtt").toString());
        assertFalse(ingress.toString().contains("0.0.0.0/0"), ingress.toString());
        assertEquals(0, resources(natInstance, VPC, "AWS::EC2::SecurityGroupIngress").size());
    }

    @Test
    void natInstancePassesCdkNagWithItsOwnWrittenReasons() {
        assertEquals(List.of(), natInstance.nagErrors());
        assertEquals(List.of(), natInstance.nagWarnings());
        Map<String, String> vpc = StackFixtures.nagSuppressions(natInstance.get(VPC));
        assertEquals(List.of(
                "VpcNatSecurityGroup8DA26EDC AwsSolutions-EC23",
                "VpcpublicSubnet1NatInstance6B5DA608 AwsSolutions-EC28",
                "VpcpublicSubnet1NatInstance6B5DA608 AwsSolutions-EC29"), List.copyOf(vpc.keySet()));
        vpc.forEach((rule, reason) -> assertTrue(reason.length() > 80, rule + ": " + reason));
        assertEquals(DefaultArchitectureTest.CONTAINER_SUPPRESSIONS,
                List.copyOf(StackFixtures.nagSuppressions(natInstance.get(CONTAINER)).keySet()));
    }

    // ---------------------------------------------------------------------------------------------------- public

    @Test
    void publicHasNoNatOfAnyKindAndItsPrivateSubnetsAreIsolated() {
        Template vpc = publicTasks.get(VPC);
        vpc.resourceCountIs("AWS::EC2::NatGateway", 0);
        vpc.resourceCountIs("AWS::EC2::Instance", 0);
        vpc.resourceCountIs("AWS::EC2::EIP", 0);
        vpc.resourceCountIs("AWS::EC2::Subnet", 4);
        // Only the public subnets have a default route (to the internet gateway).
        vpc.resourceCountIs("AWS::EC2::Route", 2);
        vpc.allResourcesProperties("AWS::EC2::Route", Map.of("GatewayId", Map.of("Ref",
                Match.stringLikeRegexp("^VpcIGW")), "RouteTableId", Map.of("Ref",
                Match.stringLikeRegexp("^VpcpublicSubnet"))));
        vpc.resourcePropertiesCountIs("AWS::EC2::Subnet", Map.of("Tags", Match.arrayWith(List.of(
                Map.of("Key", "aws-cdk:subnet-type", "Value", "Isolated")))), 2);
        vpc.hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/go-on-aws/vpc-private-subnets",
                "Value", Map.of("Fn::Join", List.of(",", List.of(
                        Map.of("Ref", Match.stringLikeRegexp("^VpcprivateSubnet1Subnet")),
                        Map.of("Ref", Match.stringLikeRegexp("^VpcprivateSubnet2Subnet")))))));
    }

    @Test
    void publicReachesDynamoDbThroughAGatewayEndpointOnThePublicRouteTables() {
        publicTasks.get(VPC).hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Gateway",
                "ServiceName", Map.of("Fn::Join", List.of("", List.of("com.amazonaws.", Map.of("Ref", "AWS::Region"),
                        ".dynamodb"))),
                "RouteTableIds", List.of(
                        Map.of("Ref", Match.stringLikeRegexp("^VpcpublicSubnet1RouteTable")),
                        Map.of("Ref", Match.stringLikeRegexp("^VpcpublicSubnet2RouteTable")))));
    }

    @Test
    void publicTasksGetPublicIpsInThePublicSubnets() {
        publicTasks.get(CONTAINER).hasResourceProperties("AWS::ECS::Service", Map.of("NetworkConfiguration",
                Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "ENABLED")))));
        JsonNode service = resources(publicTasks, CONTAINER, "AWS::ECS::Service").get(0);
        JsonNode subnets = service.path("Properties").path("NetworkConfiguration").path("AwsvpcConfiguration")
                .path("Subnets");
        assertEquals(2, subnets.size(), subnets.toString());
        subnets.forEach(subnet -> assertTrue(subnet.toString().contains("SsmParameterValuegoonawsvpcpublicsubnets"),
                subnet.toString()));
        // The private subnets are not even imported.
        assertFalse(json(publicTasks, CONTAINER).path("Parameters").toString().contains("/go-on-aws/vpc-private-subnets"));
    }

    @Test
    void publicTasksAdmitOnlyTheLoadBalancer() {
        StackFixtures.assertTasksAdmitOnlyTheLoadBalancer(json(publicTasks, CONTAINER).path("Resources"), 8080);
    }

    @Test
    void publicPassesCdkNagWithTheDefaultSuppressionsOnly() {
        assertEquals(List.of(), publicTasks.nagErrors());
        assertEquals(List.of(), publicTasks.nagWarnings());
        assertEquals(Map.of(), StackFixtures.nagSuppressions(publicTasks.get(VPC)));
        assertEquals(DefaultArchitectureTest.CONTAINER_SUPPRESSIONS,
                List.copyOf(StackFixtures.nagSuppressions(publicTasks.get(CONTAINER)).keySet()));
        var missing = publicTasks.assembly().getManifest().getMissing();
        assertTrue(missing == null || missing.isEmpty(), "context lookups: " + missing);
    }
}
