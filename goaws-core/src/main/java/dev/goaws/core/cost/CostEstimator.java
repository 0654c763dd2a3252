package dev.goaws.core.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.cost.CostEstimate.Line;
import dev.goaws.core.synth.Assembly;
import dev.goaws.core.synth.SynthesisException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Estimates what the architecture costs a month from its CloudFormation templates: it reads the resources that
 * cost money (NAT gateways and instances, their public addresses and volumes, load balancers, Fargate services at
 * their minimum task count, tables, secrets, log groups, flow logs) and prices them with a {@link PriceTable}
 * under {@link Assumptions}. The templates are the truth, not the settings: what the estimate counts is what a
 * deploy creates.
 */
public final class CostEstimator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PriceTable table;
    private final Assumptions assumptions;

    public CostEstimator(PriceTable table, Assumptions assumptions) {
        this.table = table;
        this.assumptions = assumptions;
    }

    /** The bundled prices, an idle service. */
    public static CostEstimator idle() {
        return new CostEstimator(PriceTable.bundled(), Assumptions.IDLE);
    }

    /** The stacks of a synthesized assembly, in the assembly's order. */
    public CostEstimate estimate(Assembly assembly, String region) throws SynthesisException {
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        for (String stack : assembly.stackNames().stream().sorted().toList()) {
            try {
                templates.put(stack, JSON.readTree(assembly.template(stack).toFile()));
            } catch (IOException e) {
                throw new SynthesisException("Cannot read the template of " + stack + " for the cost estimate: "
                        + e.getMessage(), e);
            }
        }
        return estimate(templates, region);
    }

    /** {@code templates}: CloudFormation templates by stack name (synthesized, or as deployed). */
    public CostEstimate estimate(Map<String, JsonNode> templates, String region) {
        List<Line> lines = new ArrayList<>();
        List<String> notPriced = new ArrayList<>();
        table.region(region).ifPresent(prices -> templates.forEach((stack, template) ->
                new StackPricing(stack, template.path("Resources"), prices, lines, notPriced).price()));
        return new CostEstimate(region, table, lines, notPriced, assumptions);
    }

    /** The priced resources of one template. */
    private final class StackPricing {
        private final String stack;
        private final JsonNode resources;
        private final PriceTable.RegionPrices prices;
        private final List<Line> lines;
        private final List<String> notPriced;
        private final int hours = table.hoursPerMonth();

        StackPricing(String stack, JsonNode resources, PriceTable.RegionPrices prices, List<Line> lines,
                List<String> notPriced) {
            this.stack = stack;
            this.resources = resources;
            this.prices = prices;
            this.lines = lines;
            this.notPriced = notPriced;
        }

        void price() {
            natGateways();
            instances();
            count("AWS::EC2::EIP", n -> add("public IPv4, Elastic IP", n * hours, "h",
                    prices.publicIpv4Hour()));
            loadBalancers();
            services();
            count("AWS::DynamoDB::Table", n -> add("DynamoDB storage", n * assumptions.tableGb(),
                    "GB-mo", prices.dynamodbStorageGbMonth()));
            count("AWS::SecretsManager::Secret", n -> add("Secrets Manager secret", n, "secret-mo",
                    prices.secretMonth()));
            logs();
            gatewayEndpoints();
        }

        private void natGateways() {
            int gateways = ofType("AWS::EC2::NatGateway").size();
            if (gateways > 0) {
                add("NAT gateway", gateways * hours, "h", prices.natGatewayHour());
                add("NAT gateway data processed", assumptions.trafficGb(), "GB", prices.natGatewayGb());
            }
        }

        private void instances() {
            for (JsonNode instance : ofType("AWS::EC2::Instance")) {
                JsonNode properties = instance.path("Properties");
                String type = properties.path("InstanceType").asText("");
                Double hourly = prices.ec2Hour().get(type);
                if (hourly == null) {
                    notPriced.add(stack + ": EC2 instance type '" + type + "' (not in the price table)");
                } else {
                    add("EC2 " + type + (properties.path("SourceDestCheck").asText().equals("false")
                            ? " (NAT instance)" : ""), hours, "h", hourly);
                }
                int volumeGib = 0;
                for (JsonNode mapping : properties.path("BlockDeviceMappings")) {
                    volumeGib += mapping.path("Ebs").path("VolumeSize").asInt(0);
                }
                if (volumeGib > 0) {
                    add("EBS gp3 root volume", volumeGib, "GB-mo", prices.ebsGp3GbMonth());
                } else {
                    notPriced.add(stack + ": the root volume of an EC2 instance (its size is the image's)");
                }
                if (inPublicSubnet(properties.path("SubnetId"))) {
                    add("public IPv4, EC2 instance", hours, "h", prices.publicIpv4Hour());
                }
            }
        }

        /** A subnet of this template that gives instances a public IP at launch. */
        private boolean inPublicSubnet(JsonNode subnetRef) {
            JsonNode subnet = resources.path(subnetRef.path("Ref").asText());
            return subnet.path("Properties").path("MapPublicIpOnLaunch").asBoolean(false);
        }

        private void loadBalancers() {
            for (JsonNode lb : ofType("AWS::ElasticLoadBalancingV2::LoadBalancer")) {
                JsonNode properties = lb.path("Properties");
                if (!properties.path("Type").asText("application").equals("application")) {
                    notPriced.add(stack + ": a " + properties.path("Type").asText() + " load balancer");
                    continue;
                }
                add("Application Load Balancer", hours, "h", prices.albHour());
                // 1 LCU-hour covers 1 GB processed in an hour; an idle service's traffic sets no other dimension.
                add("ALB capacity units", assumptions.trafficGb(), "LCU-h", prices.albLcuHour());
                if (properties.path("Scheme").asText().equals("internet-facing")) {
                    // An internet-facing ALB holds a public IPv4 address in every subnet (AZ) it spans.
                    int zones = Math.max(properties.path("Subnets").size(), properties.path("SubnetMappings").size());
                    add("public IPv4, load balancer", zones * hours, "h", prices.publicIpv4Hour());
                }
            }
        }

        private void services() {
            for (var entry : fields("AWS::ECS::Service")) {
                JsonNode properties = entry.getValue().path("Properties");
                JsonNode taskDefinition = resources.path(properties.path("TaskDefinition").path("Ref").asText());
                if (taskDefinition.isMissingNode()) {
                    notPriced.add(stack + ": service " + entry.getKey() + " (its task definition is not in the stack)");
                    continue;
                }
                int tasks = minimumTasks(entry.getKey(), properties.path("DesiredCount").asInt(1));
                JsonNode task = taskDefinition.path("Properties");
                double vcpu = Double.parseDouble(task.path("Cpu").asText("256")) / 1024;
                double gb = Double.parseDouble(task.path("Memory").asText("512")) / 1024;
                boolean arm = task.path("RuntimePlatform").path("CpuArchitecture").asText("X86_64").equals("ARM64");
                String arch = arm ? "ARM" : "x86";
                add("Fargate " + arch + " vCPU, " + tasks + " task(s) x " + Assumptions.number(vcpu),
                        tasks * vcpu * hours, "vCPU-h", arm ? prices.fargateArmVcpuHour() : prices.fargateX86VcpuHour());
                add("Fargate " + arch + " memory, " + tasks + " task(s) x " + Assumptions.number(gb) + " GB",
                        tasks * gb * hours, "GB-h", arm ? prices.fargateArmGbHour() : prices.fargateX86GbHour());
                if (properties.path("NetworkConfiguration").path("AwsvpcConfiguration").path("AssignPublicIp")
                        .asText().equals("ENABLED")) {
                    add("public IPv4, " + tasks + " task(s)", tasks * hours, "h", prices.publicIpv4Hour());
                }
            }
        }

        /** The scalable target's minimum when the service autoscales, else its desired count. */
        private int minimumTasks(String serviceId, int desired) {
            for (JsonNode target : ofType("AWS::ApplicationAutoScaling::ScalableTarget")) {
                JsonNode properties = target.path("Properties");
                if (properties.path("ScalableDimension").asText().equals("ecs:service:DesiredCount")
                        && properties.path("ResourceId").toString().contains(serviceId)) {
                    return properties.path("MinCapacity").asInt(desired);
                }
            }
            return desired;
        }

        private void logs() {
            Set<String> flowLogGroups = new HashSet<>();
            int flowLogs = 0;
            for (JsonNode flowLog : ofType("AWS::EC2::FlowLog")) {
                JsonNode properties = flowLog.path("Properties");
                if (properties.path("LogDestinationType").asText("cloud-watch-logs").equals("cloud-watch-logs")) {
                    flowLogs++;
                    flowLogGroups.add(properties.path("LogGroupName").path("Ref").asText());
                } else {
                    notPriced.add(stack + ": flow logs to " + properties.path("LogDestinationType").asText());
                }
            }
            if (flowLogs > 0) {
                add("VPC flow logs ingested", flowLogs * assumptions.flowLogsGb(), "GB", prices.vendedLogsIngestionGb());
            }
            long appGroups = fields("AWS::Logs::LogGroup").stream()
                    .filter(group -> !flowLogGroups.contains(group.getKey())).count();
            if (appGroups > 0) {
                add("CloudWatch Logs ingested", appGroups * assumptions.appLogsGb(), "GB", prices.logsIngestionGb());
            }
        }

        private void gatewayEndpoints() {
            long gateways = ofType("AWS::EC2::VPCEndpoint").stream()
                    .filter(e -> e.path("Properties").path("VpcEndpointType").asText("Gateway").equals("Gateway"))
                    .count();
            if (gateways > 0) {
                add("VPC gateway endpoint (free)", gateways * hours, "h", prices.gatewayEndpointHour());
            }
        }

        private void count(String type, IntConsumer priced) {
            int n = ofType(type).size();
            if (n > 0) {
                priced.accept(n);
            }
        }

        private void add(String item, double quantity, String unit, double unitPrice) {
            lines.add(new Line(stack, item, quantity, unit, unitPrice));
        }

        private List<JsonNode> ofType(String type) {
            return fields(type).stream().map(Map.Entry::getValue).toList();
        }

        private List<Map.Entry<String, JsonNode>> fields(String type) {
            List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
            resources.fields().forEachRemaining(e -> {
                if (e.getValue().path("Type").asText().equals(type)) {
                    found.add(e);
                }
            });
            return found;
        }
    }
}
