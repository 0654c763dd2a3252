package dev.goaws.core.stacks;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.StackKind;
import java.util.List;
import java.util.stream.Collectors;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
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
 * The network: a VPC over two AZs with public and private subnets and NAT for the private ones. It publishes
 * everything the container stack needs to import it as SSM String parameters, never as CloudFormation exports,
 * so deploying one stack never touches the other. VPC flow logs go to a CloudWatch log group unless
 * {@link GoawsSettings#flowLogs()} is off.
 */
public final class VpcStack extends Stack {
    private final Vpc vpc;

    public VpcStack(Construct scope, GoawsSettings settings) {
        super(scope, settings.stackName(StackKind.VPC), StackProps.builder()
                .description("goaws: VPC with public and private subnets over "
                        + GoawsSettings.AVAILABILITY_ZONES + " AZs and " + settings.natGateways() + " NAT gateway(s)")
                .build());
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(settings.vpcCidr()))
                .maxAzs(GoawsSettings.AVAILABILITY_ZONES)
                .natGateways(settings.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).build(),
                        SubnetConfiguration.builder().name("private")
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()))
                .build();
        if (settings.flowLogs()) {
            // Every accepted and rejected flow, for incident analysis; kept as long as the app's own logs.
            LogGroup flowLogGroup = LogGroup.Builder.create(this, "FlowLogs")
                    .retention(Retention.of(settings.logRetentionDays()))
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
        publish("VpcPrivateSubnetsParameter", settings.vpcPrivateSubnetsParameter(),
                subnetIds(vpc.getPrivateSubnets()), "Private subnet ids of the goaws VPC, comma-separated, in AZ order");
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
