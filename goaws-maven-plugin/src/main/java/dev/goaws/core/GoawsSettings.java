package dev.goaws.core;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything that shapes the three stacks. Immutable; {@link #builder()} starts from the defaults of the
 * go-on-aws architecture, and {@link Builder#build()} refuses values AWS would refuse later.
 */
public record GoawsSettings(
        String stackPrefix,
        String parameterPrefix,
        String partitionKey,
        String vpcCidr,
        int natGateways,
        int containerPort,
        int cpu,
        int memoryMiB,
        int desiredCount,
        String appUsername,
        boolean retainData,
        ImageSource image) {

    /** The original architecture spreads the VPC over two AZs; an ALB needs at least two. */
    public static final int AVAILABILITY_ZONES = 2;

    private static final Pattern STACK_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,99}");
    private static final Pattern PARAMETER_PREFIX = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    private static final Pattern CIDR = Pattern.compile(
            "(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Fargate's accepted memory (MiB) per CPU unit value: {min, max, step}. */
    private static final Map<Integer, int[]> FARGATE_MEMORY = Map.of(
            256, new int[] {512, 2048, 512},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public String stackName(StackKind kind) {
        return stackPrefix + "-" + kind.id();
    }

    /** SSM parameter holding the VPC id: exactly {@code /go-on-aws/vpc} with the default prefix. */
    public String vpcIdParameter() {
        return parameterPrefix + "/vpc";
    }

    public String vpcAzsParameter() {
        return parameterPrefix + "/vpc-azs";
    }

    public String vpcPublicSubnetsParameter() {
        return parameterPrefix + "/vpc-public-subnets";
    }

    public String vpcPrivateSubnetsParameter() {
        return parameterPrefix + "/vpc-private-subnets";
    }

    /** SSM parameter holding the table name; the app reads it at run time. */
    public String tableParameter() {
        return parameterPrefix + "/table";
    }

    /** Mutable builder: the Mojo and tests set what they need, {@link #build()} validates. */
    public static final class Builder {
        private String stackPrefix = "goaws";
        private String parameterPrefix = "/go-on-aws";
        private String partitionKey = "itemID";
        private String vpcCidr = "10.0.0.0/16";
        private int natGateways = 1;
        private int containerPort = 8080;
        private int cpu = 256;
        private int memoryMiB = 512;
        private int desiredCount = 1;
        private String appUsername = "goaws";
        private boolean retainData = true;
        private ImageSource image;

        private Builder() {
        }

        private Builder(GoawsSettings s) {
            stackPrefix = s.stackPrefix;
            parameterPrefix = s.parameterPrefix;
            partitionKey = s.partitionKey;
            vpcCidr = s.vpcCidr;
            natGateways = s.natGateways;
            containerPort = s.containerPort;
            cpu = s.cpu;
            memoryMiB = s.memoryMiB;
            desiredCount = s.desiredCount;
            appUsername = s.appUsername;
            retainData = s.retainData;
            image = s.image;
        }

        public Builder stackPrefix(String v) { stackPrefix = v; return this; }
        public Builder parameterPrefix(String v) { parameterPrefix = v; return this; }
        public Builder partitionKey(String v) { partitionKey = v; return this; }
        public Builder vpcCidr(String v) { vpcCidr = v; return this; }
        public Builder natGateways(int v) { natGateways = v; return this; }
        public Builder containerPort(int v) { containerPort = v; return this; }
        public Builder cpu(int v) { cpu = v; return this; }
        public Builder memoryMiB(int v) { memoryMiB = v; return this; }
        public Builder desiredCount(int v) { desiredCount = v; return this; }
        public Builder appUsername(String v) { appUsername = v; return this; }
        public Builder retainData(boolean v) { retainData = v; return this; }
        public Builder image(ImageSource v) { image = v; return this; }

        public GoawsSettings build() {
            require("goaws.stackPrefix", stackPrefix != null && STACK_PREFIX.matcher(stackPrefix).matches(),
                    "'" + stackPrefix + "' cannot start a CloudFormation stack name: use a letter followed by"
                            + " letters, digits or '-' (at most 100 characters), e.g. 'shop'.");
            require("goaws.parameterPrefix", parameterPrefix != null
                            && PARAMETER_PREFIX.matcher(parameterPrefix).matches()
                            && !parameterPrefix.toLowerCase().matches("/(aws|ssm).*")
                            && parameterPrefix.length() <= 900,
                    "'" + parameterPrefix + "' is not an SSM parameter path: start with '/', use letters, digits,"
                            + " '_', '.', '-' between slashes, no trailing '/', not under /aws or /ssm;"
                            + " e.g. '/go-on-aws'.");
            require("goaws.partitionKey", partitionKey != null && !partitionKey.isBlank()
                            && partitionKey.length() <= 255,
                    "The partition key name must be 1 to 255 characters, e.g. 'itemID'.");
            require("goaws.vpcCidr", validCidr(vpcCidr),
                    "'" + vpcCidr + "' is not an IPv4 CIDR block between /16 and /24, e.g. '10.0.0.0/16'.");
            require("goaws.natGateways", natGateways >= 1 && natGateways <= AVAILABILITY_ZONES,
                    "natGateways=" + natGateways + ": the private subnets need 1 or " + AVAILABILITY_ZONES
                            + " NAT gateways (1 is cheaper, " + AVAILABILITY_ZONES + " survives an AZ outage).");
            require("goaws.containerPort", containerPort >= 1 && containerPort <= 65535,
                    "containerPort=" + containerPort + " is not a TCP port: use 1-65535.");
            int[] memory = FARGATE_MEMORY.get(cpu);
            require("goaws.cpu", memory != null, "cpu=" + cpu + " is not a Fargate CPU size. Allowed: "
                    + new java.util.TreeSet<>(FARGATE_MEMORY.keySet()) + " (1024 = 1 vCPU).");
            require("goaws.memory", memoryMiB >= memory[0] && memoryMiB <= memory[1]
                            && (memoryMiB - memory[0]) % memory[2] == 0,
                    "memory=" + memoryMiB + " MiB does not fit cpu=" + cpu + ". Fargate accepts " + memory[0]
                            + " to " + memory[1] + " MiB in steps of " + memory[2] + " for that CPU size.");
            require("goaws.desiredCount", desiredCount >= 1 && desiredCount <= 100,
                    "desiredCount=" + desiredCount + ": run 1 to 100 tasks.");
            require("goaws.appUsername", appUsername != null && USERNAME.matcher(appUsername).matches(),
                    "The app's login name must be 1-64 letters, digits, '_', '.' or '-'.");
            return new GoawsSettings(stackPrefix, parameterPrefix, partitionKey, vpcCidr, natGateways,
                    containerPort, cpu, memoryMiB, desiredCount, appUsername, retainData, image);
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

        private static void require(String setting, boolean ok, String message) {
            if (!ok) {
                throw new InvalidSettingException(setting, message);
            }
        }
    }

    public GoawsSettings {
        Objects.requireNonNull(stackPrefix);
        Objects.requireNonNull(parameterPrefix);
    }
}
