package dev.goaws.core;

import java.util.regex.Pattern;

/**
 * The VPC: how the tasks reach the internet and AWS services, its address range, and how many NAT gateways or
 * instances it pays for. Validates itself on creation.
 *
 * @param preset      {@code goaws.network}
 * @param vpcCidr     {@code goaws.vpcCidr}
 * @param natGateways {@code goaws.natGateways}; not used by {@link NetworkPreset#PUBLIC}
 */
public record NetworkSettings(NetworkPreset preset, String vpcCidr, int natGateways) {
    /** The original architecture spreads the VPC over two AZs; an ALB needs at least two. */
    public static final int AVAILABILITY_ZONES = 2;
    public static final String DEFAULT_PRESET = "nat";
    public static final String DEFAULT_VPC_CIDR = "10.0.0.0/16";
    public static final int DEFAULT_NAT_GATEWAYS = 1;

    private static final Pattern CIDR = Pattern.compile(
            "(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    // Last: the defaults are validated like any other value, with the patterns above.
    public static final NetworkSettings DEFAULTS = new NetworkSettings(NetworkPreset.parse(DEFAULT_PRESET),
            DEFAULT_VPC_CIDR, DEFAULT_NAT_GATEWAYS);

    public NetworkSettings {
        Settings.require("goaws.network", preset != null, "Set the network preset: " + NetworkPreset.allIds() + ".");
        Settings.require("goaws.vpcCidr", validCidr(vpcCidr),
                "'" + vpcCidr + "' is not an IPv4 CIDR block between /16 and /24, e.g. '10.0.0.0/16'.");
        Settings.require("goaws.natGateways", natGateways >= 1 && natGateways <= AVAILABILITY_ZONES,
                "natGateways=" + natGateways + ": the private subnets need 1 or " + AVAILABILITY_ZONES
                        + " NAT gateways or instances (1 is cheaper, " + AVAILABILITY_ZONES
                        + " survives an AZ outage; with goaws.network=public there is no NAT and it is not used).");
    }

    private static boolean validCidr(String cidr) {
        var m = cidr == null ? null : CIDR.matcher(cidr);
        if (m == null || !m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        int mask = Integer.parseInt(m.group(5));
        return mask >= 16 && mask <= 24;
    }
}
