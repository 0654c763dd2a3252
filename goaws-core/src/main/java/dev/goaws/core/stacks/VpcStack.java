package dev.goaws.core.stacks;

import dev.goaws.core.NetworkSettings;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.NetworkPreset;
import dev.goaws.core.StackKind;
import java.util.List;
import java.util.stream.Collectors;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.CfnInstance;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.NatInstanceProps;
import software.amazon.awscdk.services.ec2.NatInstanceProviderV2;
import software.amazon.awscdk.services.ec2.NatProvider;
import software.amazon.awscdk.services.ec2.NatTrafficDirection;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The network: a VPC over two AZs with public and private subnets, and NAT for the private ones as
 * {@link GoawsSettings#network()} says (managed gateways, NAT instances, or none with the tasks in the public
 * subnets). It publishes
 * everything the container stack needs to import it as SSM String parameters, never as CloudFormation exports,
 * so deploying one stack never touches the other. VPC flow logs go to a CloudWatch log group unless
 * {@link GoawsSettings#flowLogs()} is off.
 */
public final class VpcStack extends Stack {
    /** Graviton, the smallest size: a NAT for one small service needs little CPU, and ARM is the cheapest. */
    public static final InstanceType NAT_INSTANCE_TYPE = InstanceType.of(InstanceClass.T4G, InstanceSize.NANO);
    /** The Amazon Linux 2023 image's own root volume size. */
    public static final int NAT_INSTANCE_VOLUME_GIB = 8;

    private final Vpc vpc;

    public VpcStack(Construct scope, GoawsSettings settings) {
        super(scope, settings.stackName(StackKind.VPC), StackProps.builder()
                .description(description(settings))
                .tags(settings.resourceTags())
                .build());
        NetworkPreset network = settings.network().preset();
        Vpc.Builder builder = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(settings.network().vpcCidr()))
                .maxAzs(NetworkSettings.AVAILABILITY_ZONES)
                // Same subnet names in every preset: switching presets keeps the subnets and their CIDRs.
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).build(),
                        SubnetConfiguration.builder().name("private").subnetType(network.privateTasks()
                                ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED).build()));
        NatInstanceProviderV2 natInstances = null;
        switch (network) {
            case NAT -> builder.natGateways(settings.network().natGateways());
            case NAT_INSTANCE -> {
                natInstances = NatProvider.instanceV2(NatInstanceProps.builder()
                        .instanceType(NAT_INSTANCE_TYPE)
                        // Resolved from the public SSM parameter at deploy time: no AMI lookup at synthesis.
                        .machineImage(MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps
                                .builder().cpuType(AmazonLinuxCpuType.ARM_64).build()))
                        // Inbound only from inside the VPC (added below), not the default 0.0.0.0/0.
                        .defaultAllowedTraffic(NatTrafficDirection.OUTBOUND_ONLY)
                        .build());
                builder.natGatewayProvider(natInstances).natGateways(settings.network().natGateways());
            }
            case PUBLIC -> builder.natGateways(0);
        }
        vpc = builder.build();
        if (natInstances != null) {
            hardenNatInstances(natInstances, settings);
        }
        // DynamoDB through the route tables instead of NAT or the internet: a gateway endpoint is free.
        vpc.addGatewayEndpoint("DynamoDbEndpoint", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB)
                .subnets(List.of(SubnetSelection.builder().subnetType(network.privateTasks()
                        ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PUBLIC).build()))
                .build());
        if (settings.logging().flowLogs()) {
            // Every accepted and rejected flow, for incident analysis; kept as long as the app's own logs.
            LogGroup flowLogGroup = LogGroup.Builder.create(this, "FlowLogs")
                    .retention(Retention.of(settings.logging().logRetentionDays()))
                    .removalPolicy(settings.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                    .build();
            // The generated role may write only to this log group (its ARN, no wildcard): nothing to suppress.
            vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                    .destination(FlowLogDestination.toCloudWatchLogs(flowLogGroup))
                    .trafficType(FlowLogTrafficType.ALL)
                    .build());
        } else {
            NagSuppressions.addResourceSuppressions(vpc.getNode().getDefaultChild(), List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-VPC7")
                    .reason("VPC flow logs were turned off explicitly with goaws.flowLogs=false.")
                    .build()));
        }

        publish("VpcIdParameter", settings.vpcIdParameter(), vpc.getVpcId(), "VPC id of the goaws architecture");
        publish("VpcAzsParameter", settings.vpcAzsParameter(), Fn.join(",", vpc.getAvailabilityZones()),
                "Availability zones of the goaws VPC, comma-separated");
        publish("VpcPublicSubnetsParameter", settings.vpcPublicSubnetsParameter(), subnetIds(vpc.getPublicSubnets()),
                "Public subnet ids of the goaws VPC, comma-separated, in AZ order");
        // With network=public the private subnets are isolated (no NAT); they are published all the same, so every
        // preset publishes the same parameters.
        publish("VpcPrivateSubnetsParameter", settings.vpcPrivateSubnetsParameter(),
                subnetIds(network.privateTasks() ? vpc.getPrivateSubnets() : vpc.getIsolatedSubnets()),
                "Private subnet ids of the goaws VPC, comma-separated, in AZ order");
    }

    private static String description(GoawsSettings settings) {
        String nat = switch (settings.network().preset()) {
            case NAT -> settings.network().natGateways() + " NAT gateway(s)";
            case NAT_INSTANCE -> settings.network().natGateways() + " NAT instance(s)";
            case PUBLIC -> "no NAT (tasks in the public subnets)";
        };
        return "goaws: VPC with public and private subnets over " + NetworkSettings.AVAILABILITY_ZONES + " AZs and "
                + nat;
    }

    /**
     * The NAT instances admit forwarded traffic from the VPC only, keep their root volume encrypted, require IMDSv2,
     * and carry the cdk-nag findings a single-purpose NAT box accepts, each with its reason.
     */
    private void hardenNatInstances(NatInstanceProviderV2 natInstances, GoawsSettings settings) {
        natInstances.getConnections().allowFrom(Peer.ipv4(vpc.getVpcCidrBlock()), Port.allTraffic(),
                "Traffic of the private subnets to be forwarded to the internet");
        for (Instance instance : natInstances.getGatewayInstances()) {
            CfnInstance cfn = (CfnInstance) instance.getNode().getDefaultChild();
            // The image's root volume, encrypted (the L1 property, so cdk-nag sees it, not an override).
            cfn.setBlockDeviceMappings(List.of(CfnInstance.BlockDeviceMappingProperty.builder()
                    .deviceName("/dev/xvda")
                    .ebs(CfnInstance.EbsProperty.builder().volumeSize(NAT_INSTANCE_VOLUME_GIB).volumeType("gp3")
                            .encrypted(true).deleteOnTermination(true).build())
                    .build()));
            // IMDSv2 only, said here rather than left to the image's default (AL2023's today): a request forged
            // through the instance cannot read its metadata service without a session token.
            cfn.setMetadataOptions(CfnInstance.MetadataOptionsProperty.builder().httpTokens("required")
                    .httpEndpoint("enabled").build());
            NagSuppressions.addResourceSuppressions(cfn, List.of(
                    NagPackSuppression.builder().id("AwsSolutions-EC28").reason("Detailed (1-minute) monitoring"
                            + " costs about 2 USD a month per instance, as much as the NAT instance itself; the"
                            + " basic 5-minute metrics are enough to see a NAT instance that is down or saturated,"
                            + " and cheapness is the reason to choose goaws.network=nat-instance.").build(),
                    NagPackSuppression.builder().id("AwsSolutions-EC29").reason("The NAT instance holds no data"
                            + " and is not in an Auto Scaling group: CloudFormation owns it, replaces it on the next"
                            + " deploy if it is terminated, and termination protection would only block"
                            + " 'goaws:destroy'. Use goaws.network=nat for a managed, self-healing NAT.").build()));
        }
        NagSuppressions.addResourceSuppressions(natInstances.getSecurityGroup(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-EC23").reason("Only the outbound rules are open to 0.0.0.0/0, as a NAT needs;"
                        + " inbound admits the VPC's own CIDR (the private subnets' traffic to forward) and nothing"
                        + " from the internet.").build()), false);
    }

    public Vpc vpc() {
        return vpc;
    }

    private static String subnetIds(List<ISubnet> subnets) {
        return Fn.join(",", subnets.stream().map(ISubnet::getSubnetId).collect(Collectors.toList()));
    }

    private void publish(String id, String name, String value, String description) {
        StringParameter.Builder.create(this, id)
                .parameterName(name)
                .stringValue(value)
                .description(description)
                .build();
    }
}
