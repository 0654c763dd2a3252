package dev.goaws.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the tasks reach AWS services and the internet ({@code goaws.network}); the load balancer is public in
 * every preset and the tasks admit only the load balancer. The presets trade cost against isolation and
 * availability; DynamoDB traffic takes a free gateway endpoint in all of them.
 */
public enum NetworkPreset {
    /** Tasks in private subnets behind {@code natGateways} managed NAT gateways (the go-on-aws original). */
    NAT("nat"),
    /**
     * Tasks in private subnets behind {@code natGateways} small NAT instances (EC2, Graviton t4g.nano): a few
     * dollars a month instead of 30-40, but no managed failover (an instance that fails takes the tasks'
     * outbound traffic with it until it is replaced) and a burstable instance's bandwidth.
     */
    NAT_INSTANCE("nat-instance"),
    /**
     * No NAT at all: tasks in the public subnets with public IPs (used for ECR, CloudWatch Logs and Secrets
     * Manager), reachable only from the load balancer's security group.
     */
    PUBLIC("public");

    private final String id;

    NetworkPreset(String id) {
        this.id = id;
    }

    /** The value of {@code goaws.network}. */
    public String id() {
        return id;
    }

    /** True when the tasks run in private subnets and reach the internet through NAT. */
    public boolean privateTasks() {
        return this != PUBLIC;
    }

    public static NetworkPreset parse(String value) {
        return SettingChoice.parse("goaws.network", "a network preset", value, values(), NetworkPreset::id, null,
                "(nat: managed NAT gateways, about 30-40 USD a month each; nat-instance: a t4g.nano NAT instance, a"
                        + " few USD; public: no NAT, tasks with public IPs that only the load balancer may reach).");
    }

    public static String allIds() {
        return Arrays.stream(values()).map(NetworkPreset::id).collect(Collectors.joining(", "));
    }
}
