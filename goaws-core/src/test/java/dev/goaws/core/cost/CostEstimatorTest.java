package dev.goaws.core.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.NetworkPreset;
import dev.goaws.core.StackKind;
import dev.goaws.core.stacks.GoawsArchitecture;
import dev.goaws.core.synth.Synthesizer;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The monthly estimate of each network preset's synthesized templates against figures computed by hand from the
 * bundled price table (730 hours a month, the idle assumptions: 1 GB each of traffic, app logs, flow logs and
 * table data). The arithmetic is written out next to each figure.
 */
@Tag("node")
class CostEstimatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<NetworkPreset, Map<String, JsonNode>> TEMPLATES = new EnumMap<>(NetworkPreset.class);
    private static final CostEstimator ESTIMATOR = CostEstimator.idle();

    @BeforeAll
    static void synthesizeEachPreset() {
        for (NetworkPreset network : NetworkPreset.values()) {
            GoawsSettings settings = GoawsSettings.builder().network(network)
                    .image(new ImageSource.Registry("public.ecr.aws/docker/library/amazoncorretto:17")).build();
            App app = Synthesizer.newApp(null);
            GoawsArchitecture.addTo(app, settings);
            CloudAssembly assembly = app.synth();
            Map<String, JsonNode> templates = new LinkedHashMap<>();
            for (StackKind kind : StackKind.values()) {
                String name = settings.stackName(kind);
                templates.put(name, JSON.valueToTree(assembly.getStackByName(name).getTemplate()));
            }
            TEMPLATES.put(network, templates);
        }
    }

    private static CostEstimate estimate(NetworkPreset network, String region) {
        return ESTIMATOR.estimate(TEMPLATES.get(network), region);
    }

    private static double stack(CostEstimate estimate, String stack) {
        return estimate.lines().stream().filter(l -> l.stack().equals(stack)).mapToDouble(CostEstimate.Line::monthly)
                .sum();
    }

    // The container stack is the same in nat and nat-instance:
    //   eu-central-1: ALB 730 h x 0.027 = 19.71; LCU 1 x 0.009 = 0.009; ALB IPv4 2 x 730 h x 0.005 = 7.30;
    //                 Fargate x86 1 task x 0.25 vCPU x 730 h = 182.5 vCPU-h x 0.04656 = 8.4972;
    //                 1 x 0.5 GB x 730 h = 365 GB-h x 0.00511 = 1.86515; secret 0.40; app logs 1 GB x 0.63 = 0.63
    //                 = 38.41135
    //   us-east-1:    16.425 + 0.008 + 7.30 + 182.5 x 0.04048 (7.3876) + 365 x 0.004445 (1.622425) + 0.40 + 0.50
    //                 = 33.643025
    private static final double CONTAINER_EU = 19.71 + 0.009 + 7.30 + 8.4972 + 1.86515 + 0.40 + 0.63;
    private static final double CONTAINER_US = 16.425 + 0.008 + 7.30 + 7.3876 + 1.622425 + 0.40 + 0.50;

    @Test
    void defaultNatGatewayInEuCentral1() {
        CostEstimate e = estimate(NetworkPreset.NAT, "eu-central-1");
        // NAT gateway 730 h x 0.052 = 37.96; 1 GB processed x 0.052; its Elastic IP 730 h x 0.005 = 3.65;
        // flow logs 1 GB x 0.63 (vended logs); the DynamoDB gateway endpoint 0
        assertEquals(37.96 + 0.052 + 3.65 + 0.63, stack(e, "goaws-vpc"), 1e-9);
        // 1 GB stored x 0.306
        assertEquals(0.306, stack(e, "goaws-table"), 1e-9);
        assertEquals(38.41135, CONTAINER_EU, 1e-9);
        assertEquals(CONTAINER_EU, stack(e, "goaws-container"), 1e-9);
        assertEquals(81.00935, e.total(), 1e-9);
        assertEquals(List.of(), e.notPriced());
    }

    @Test
    void defaultNatGatewayInUsEast1() {
        CostEstimate e = estimate(NetworkPreset.NAT, "us-east-1");
        // 730 x 0.045 = 32.85; 1 GB x 0.045; EIP 3.65; flow logs 1 GB x 0.50
        assertEquals(32.85 + 0.045 + 3.65 + 0.50, stack(e, "goaws-vpc"), 1e-9);
        assertEquals(0.25, stack(e, "goaws-table"), 1e-9);
        assertEquals(33.643025, CONTAINER_US, 1e-9);
        assertEquals(CONTAINER_US, stack(e, "goaws-container"), 1e-9);
        assertEquals(70.938025, e.total(), 1e-9);
    }

    @Test
    void natInstanceInEuCentral1() {
        CostEstimate e = estimate(NetworkPreset.NAT_INSTANCE, "eu-central-1");
        // t4g.nano 730 h x 0.0048 = 3.504; 8 GB gp3 x 0.0952 = 0.7616; its public IPv4 730 h x 0.005 = 3.65;
        // flow logs 0.63; no NAT gateway, no Elastic IP
        assertEquals(3.504 + 0.7616 + 3.65 + 0.63, stack(e, "goaws-vpc"), 1e-9);
        assertEquals(CONTAINER_EU, stack(e, "goaws-container"), 1e-9);
        // 8.5456 + 0.306 + 38.41135
        assertEquals(47.26295, e.total(), 1e-9);
        assertTrue(e.lines().stream().anyMatch(l -> l.item().equals("EC2 t4g.nano (NAT instance)")), e.lines()::toString);
        assertFalse(e.lines().stream().anyMatch(l -> l.item().startsWith("NAT gateway")), e.lines()::toString);
    }

    @Test
    void natInstanceInUsEast1() {
        CostEstimate e = estimate(NetworkPreset.NAT_INSTANCE, "us-east-1");
        // 730 x 0.0042 = 3.066; 8 x 0.08 = 0.64; 3.65; 0.50
        assertEquals(3.066 + 0.64 + 3.65 + 0.50, stack(e, "goaws-vpc"), 1e-9);
        // 7.856 + 0.25 + 33.643025
        assertEquals(41.749025, e.total(), 1e-9);
    }

    @Test
    void publicTasksInEuCentral1() {
        CostEstimate e = estimate(NetworkPreset.PUBLIC, "eu-central-1");
        // only the flow logs (the endpoint is free)
        assertEquals(0.63, stack(e, "goaws-vpc"), 1e-9);
        // the task's own public IPv4: 1 task x 730 h x 0.005 = 3.65
        assertEquals(CONTAINER_EU + 3.65, stack(e, "goaws-container"), 1e-9);
        // 0.63 + 0.306 + 42.06135
        assertEquals(42.99735, e.total(), 1e-9);
        assertTrue(e.lines().stream().anyMatch(l -> l.item().equals("VPC gateway endpoint (free)")
                && l.monthly() == 0), e.lines()::toString);
    }

    @Test
    void publicTasksInUsEast1() {
        CostEstimate e = estimate(NetworkPreset.PUBLIC, "us-east-1");
        // 0.50 + 0.25 + 33.643025 + 3.65
        assertEquals(38.043025, e.total(), 1e-9);
    }

    @Test
    void anUnknownRegionIsSaidNotGuessed() {
        CostEstimate e = estimate(NetworkPreset.NAT, "ap-south-2");
        assertFalse(e.priced());
        assertEquals(List.of(), e.lines());
        assertEquals(List.of("No cost estimate for region ap-south-2: goaws's price table (2026-12-03) has prices for"
                + " eu-central-1, us-east-1 only, and it does not guess. See the AWS pricing pages for ap-south-2."),
                e.describe());
    }

    @Test
    void theReportStatesTotalDateAssumptionsAndSource() {
        List<String> report = estimate(NetworkPreset.NAT, "eu-central-1").describe();
        String text = String.join("\n", report);
        assertEquals("Monthly cost estimate for eu-central-1, USD, list prices of 2026-12-03:", report.get(0));
        assertTrue(text.contains("goaws-vpc        NAT gateway"), text);
        assertTrue(text.matches("(?s).*total\\s+81\\.01 USD.*"), text);
        assertTrue(text.contains("Assumptions: an idle service at its minimum task count, 730 hours a month, 1 GB a"
                + " month through the load balancer"), text);
        assertTrue(text.contains("Prices: AWS public on-demand list prices"), text);
    }

    @Test
    void beforeAndAfterNameTheChangeAndTheItems() {
        CostComparison natToPublic = new CostComparison(estimate(NetworkPreset.NAT, "eu-central-1"),
                estimate(NetworkPreset.PUBLIC, "eu-central-1"));
        // 42.99735 - 81.00935
        assertEquals(-38.012, natToPublic.change(), 1e-9);
        List<String> lines = natToPublic.describe();
        assertEquals("Monthly cost estimate (eu-central-1), before -> after: 81.01 -> 43.00 USD (-38.01 USD a month)",
                lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+goaws-vpc NAT gateway\\s+37\\.96 ->\\s+0\\.00 \\(-37\\.96\\)")),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+goaws-container public IPv4, 1 task\\(s\\)\\s+0\\.00 ->"
                + "\\s+3\\.65 \\(\\+3\\.65\\)")), lines::toString);
        assertFalse(lines.stream().anyMatch(l -> l.contains("Application Load Balancer")), "unchanged items are left out");
        // Nothing deployed yet: the before side is an empty set of templates.
        CostComparison first = new CostComparison(ESTIMATOR.estimate(Map.of(), "eu-central-1"),
                estimate(NetworkPreset.NAT, "eu-central-1"));
        assertEquals(81.00935, first.change(), 1e-9);
    }

    @Test
    void armTasksAutoscalingMinimumAndUnpricedItemsFromAHandWrittenTemplate() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "Svc": {"Type": "AWS::ECS::Service", "Properties": {"DesiredCount": 3, "TaskDefinition": {"Ref": "Td"},
                    "NetworkConfiguration": {"AwsvpcConfiguration": {"AssignPublicIp": "ENABLED"}}}},
                  "Td": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Cpu": "512", "Memory": "1024",
                    "RuntimePlatform": {"CpuArchitecture": "ARM64"}}},
                  "Scaling": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"MinCapacity": 2,
                    "MaxCapacity": 6, "ScalableDimension": "ecs:service:DesiredCount",
                    "ResourceId": {"Fn::Join": ["", ["service/", {"Ref": "Cluster"}, "/", {"Fn::GetAtt": ["Svc", "Name"]}]]}}},
                  "Box": {"Type": "AWS::EC2::Instance", "Properties": {"InstanceType": "m7g.large"}}
                }}""");
        CostEstimate e = ESTIMATOR.estimate(Map.of("s", template), "us-east-1");
        // min 2 tasks (not the desired 3): 2 x 0.5 vCPU x 730 h = 730 vCPU-h x 0.03238 = 23.6374;
        // 2 x 1 GB x 730 h = 1460 GB-h x 0.00356 = 5.1976; 2 public IPv4 x 730 h x 0.005 = 7.30
        assertEquals(23.6374 + 5.1976 + 7.30, e.total(), 1e-9);
        assertEquals(List.of("s: EC2 instance type 'm7g.large' (not in the price table)",
                "s: the root volume of an EC2 instance (its size is the image's)"), e.notPriced());
    }

    @Test
    void theBundledTableIsDatedSourcedAndCompleteAndAMissingPriceIsRefused() throws Exception {
        PriceTable table = PriceTable.bundled();
        assertEquals("2026-12-03", table.date());
        assertEquals(730, table.hoursPerMonth());
        assertTrue(table.regions().keySet().containsAll(List.of("eu-central-1", "us-east-1")));
        assertTrue(table.source().contains("aws.amazon.com"), table.source());
        JsonNode broken = JSON.readTree("{\"date\": \"2026-12-03\", \"source\": \"x\", \"hoursPerMonth\": 730,"
                + " \"regions\": {\"eu-west-1\": {\"natGatewayHour\": 0.048}}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PriceTable.parse(broken));
        assertEquals("The price table has no valid natGatewayGb for eu-west-1", e.getMessage());
    }
}
