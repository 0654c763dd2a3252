package dev.goaws.core;

import java.util.List;
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
        ImageSource image,
        boolean nag,
        boolean flowLogs,
        int logRetentionDays,
        int minTasks,
        int maxTasks,
        int cpuTarget,
        String certificateArn,
        String domainName,
        CpuArchitecture cpuArchitecture,
        String healthCheckPath,
        String accessLogBucket,
        NetworkPreset network,
        String stage,
        Map<String, String> tags,
        boolean exec) {

    /** The original architecture spreads the VPC over two AZs; an ALB needs at least two. */
    public static final int AVAILABILITY_ZONES = 2;

    private static final Pattern STACK_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,99}");
    private static final Pattern PARAMETER_PREFIX = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    private static final Pattern CIDR = Pattern.compile(
            "(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern CERTIFICATE_ARN = Pattern.compile(
            "arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");
    private static final Pattern DOMAIN_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    // The path part of an ALB health check: printable ASCII without spaces, starting with '/'.
    private static final Pattern HEALTH_CHECK_PATH = Pattern.compile("/[\\x21-\\x7E]{0,1023}");
    // A stage goes into stack names, an SSM path segment and a tag value: lower case keeps 'Dev' and 'dev' apart
    // from being two stacks of one parameter path on a case-insensitive reading.
    private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    // CloudFormation's tag rules: keys 1-128 and values 0-256 of letters, digits, spaces and _ . : / = + - @.
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{N} _.:/=+\\-@]{1,128}");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{N} _.:/=+\\-@]{0,256}");
    /** CloudFormation refuses stack names longer than this. */
    private static final int MAX_STACK_NAME = 128;
    /** The tag every resource of a stage carries (beside {@link #tags()}). */
    public static final String STAGE_TAG = "goaws:stage";
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** The retention periods (days) CloudWatch Logs accepts, in ascending order. */
    public static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180,
            365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** Upper bound of {@code maxTasks} when it is not set and desiredCount is smaller. */
    public static final int DEFAULT_MAX_TASKS = 4;

    /** Fargate's accepted memory (MiB) per CPU unit value: {min, max, step}. */
    private static final Map<Integer, int[]> FARGATE_MEMORY = Map.of(
            256, new int[] {512, 2048, 512},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});

    /** The app's port, checked where the stacks and the image take it. */
    public static void requireContainerPort(int port) {
        if (port < 1 || port > 65535) {
            throw new InvalidSettingException("goaws.containerPort", "containerPort=" + port
                    + " is not a TCP port: use 1-65535.");
        }
    }

    /**
     * Refuses a task size Fargate does not offer: {@code cpu} units (256 ... 16384) and {@code memoryMiB} in the
     * range and steps Fargate accepts for that CPU size. Names {@code goaws.cpu} or {@code goaws.memory}.
     */
    public static void requireFargateSize(int cpu, int memoryMiB) {
        int[] memory = FARGATE_MEMORY.get(cpu);
        Builder.require("goaws.cpu", memory != null, "cpu=" + cpu + " is not a Fargate CPU size. Allowed: "
                + new java.util.TreeSet<>(FARGATE_MEMORY.keySet()) + " (1024 = 1 vCPU).");
        Builder.require("goaws.memory", memoryMiB >= memory[0] && memoryMiB <= memory[1]
                        && (memoryMiB - memory[0]) % memory[2] == 0,
                "memory=" + memoryMiB + " MiB does not fit cpu=" + cpu + ". Fargate accepts " + memory[0]
                        + " to " + memory[1] + " MiB in steps of " + memory[2] + " for that CPU size.");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@code goaws-vpc} without a stage, {@code goaws-dev-vpc} in stage {@code dev}. */
    public String stackName(StackKind kind) {
        return stackPrefix + (stage == null ? "" : "-" + stage) + "-" + kind.id();
    }

    /** The SSM path of this stage's parameters: {@code /go-on-aws} without a stage, {@code /go-on-aws/dev} in dev. */
    public String parameterPath() {
        return parameterPrefix + (stage == null ? "" : "/" + stage);
    }

    /** Every tag of every resource: {@link #tags()} and, in a stage, {@value #STAGE_TAG}. */
    public Map<String, String> resourceTags() {
        Map<String, String> all = new java.util.TreeMap<>(tags);
        if (stage != null) {
            all.put(STAGE_TAG, stage);
        }
        return all;
    }

    /** SSM parameter holding the VPC id: exactly {@code /go-on-aws/vpc} with the default prefix and no stage. */
    public String vpcIdParameter() {
        return parameterPath() + "/vpc";
    }

    public String vpcAzsParameter() {
        return parameterPath() + "/vpc-azs";
    }

    public String vpcPublicSubnetsParameter() {
        return parameterPath() + "/vpc-public-subnets";
    }

    public String vpcPrivateSubnetsParameter() {
        return parameterPath() + "/vpc-private-subnets";
    }

    /** True when the ALB terminates HTTPS with {@link #certificateArn()} (and redirects HTTP to it). */
    public boolean https() {
        return certificateArn != null;
    }

    /** True when the service scales between {@link #minTasks()} and {@link #maxTasks()}. */
    public boolean autoscaling() {
        return maxTasks > minTasks;
    }

    /** SSM parameter holding the table name; the app reads it at run time. */
    public String tableParameter() {
        return parameterPath() + "/table";
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
        private boolean nag = true;
        private boolean flowLogs = true;
        private int logRetentionDays = 30;
        private Integer minTasks;
        private Integer maxTasks;
        private int cpuTarget = 70;
        private String certificateArn;
        private String domainName;
        private CpuArchitecture cpuArchitecture = CpuArchitecture.X86_64;
        private String healthCheckPath = "/";
        private String accessLogBucket;
        private NetworkPreset network = NetworkPreset.NAT;
        private String stage;
        private Map<String, String> tags = Map.of();
        private boolean exec;

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
            nag = s.nag;
            flowLogs = s.flowLogs;
            logRetentionDays = s.logRetentionDays;
            minTasks = s.minTasks;
            maxTasks = s.maxTasks;
            cpuTarget = s.cpuTarget;
            certificateArn = s.certificateArn;
            domainName = s.domainName;
            cpuArchitecture = s.cpuArchitecture;
            healthCheckPath = s.healthCheckPath;
            accessLogBucket = s.accessLogBucket;
            network = s.network;
            stage = s.stage;
            tags = s.tags;
            exec = s.exec;
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
        public Builder nag(boolean v) { nag = v; return this; }
        public Builder flowLogs(boolean v) { flowLogs = v; return this; }
        public Builder logRetentionDays(int v) { logRetentionDays = v; return this; }
        /** {@code null}: the desired count. */
        public Builder minTasks(Integer v) { minTasks = v; return this; }
        /** {@code null}: {@value #DEFAULT_MAX_TASKS}, or the desired count when that is larger. */
        public Builder maxTasks(Integer v) { maxTasks = v; return this; }
        public Builder cpuTarget(int v) { cpuTarget = v; return this; }
        /** {@code null} or blank: HTTP only. */
        public Builder certificateArn(String v) { certificateArn = Strings.blankToNull(v); return this; }
        public Builder domainName(String v) { domainName = Strings.blankToNull(v); return this; }
        public Builder cpuArchitecture(CpuArchitecture v) { cpuArchitecture = v; return this; }
        public Builder healthCheckPath(String v) { healthCheckPath = v; return this; }
        /** {@code null} or blank: no ALB access logs. */
        public Builder accessLogBucket(String v) { accessLogBucket = Strings.blankToNull(v); return this; }
        public Builder network(NetworkPreset v) { network = v; return this; }
        /** {@code null} or blank: no stage (the stack names and parameter path without one). */
        public Builder stage(String v) { stage = Strings.blankToNull(v); return this; }
        public Builder tags(Map<String, String> v) { tags = v == null ? Map.of() : new java.util.TreeMap<>(v); return this; }
        /** ECS Exec on the service ({@code goaws.exec}): off unless asked for. */
        public Builder exec(boolean v) { exec = v; return this; }


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
                            + " NAT gateways or instances (1 is cheaper, " + AVAILABILITY_ZONES
                            + " survives an AZ outage; with goaws.network=public there is no NAT and it is not"
                            + " used).");
            requireContainerPort(containerPort);
            requireFargateSize(cpu, memoryMiB);
            require("goaws.desiredCount", desiredCount >= 1 && desiredCount <= 100,
                    "desiredCount=" + desiredCount + ": run 1 to 100 tasks.");
            require("goaws.appUsername", appUsername != null && USERNAME.matcher(appUsername).matches(),
                    "The app's login name must be 1-64 letters, digits, '_', '.' or '-'.");
            require("goaws.logRetentionDays", LOG_RETENTION_DAYS.contains(logRetentionDays),
                    "logRetentionDays=" + logRetentionDays + " is not a retention CloudWatch Logs accepts. Allowed: "
                            + LOG_RETENTION_DAYS + ".");
            int min = minTasks == null ? desiredCount : minTasks;
            int max = maxTasks == null ? Math.max(DEFAULT_MAX_TASKS, Math.max(desiredCount, min)) : maxTasks;
            require("goaws.minTasks", min >= 1 && min <= desiredCount,
                    "minTasks=" + min + ": the service needs at least 1 task and at most desiredCount="
                            + desiredCount + " as its minimum (raise desiredCount too, or lower minTasks).");
            require("goaws.maxTasks", max >= desiredCount && max <= 100,
                    "maxTasks=" + max + ": autoscaling needs desiredCount=" + desiredCount
                            + " <= maxTasks <= 100 (set maxTasks = minTasks to turn autoscaling off).");
            require("goaws.cpuTarget", cpuTarget >= 10 && cpuTarget <= 90,
                    "cpuTarget=" + cpuTarget + "% is not a useful CPU target: use 10 to 90 (percent of the"
                            + " task's CPU, averaged over the service).");
            require("goaws.certificateArn", certificateArn == null || CERTIFICATE_ARN.matcher(certificateArn).matches(),
                    "'" + certificateArn + "' is not an ACM certificate ARN, e.g."
                            + " arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-...; it must be in the"
                            + " region of the stack.");
            require("goaws.domainName", domainName == null || certificateArn != null,
                    "domainName is only used with HTTPS: set goaws.certificateArn to a certificate for "
                            + domainName + " too.");
            require("goaws.domainName", domainName == null || DOMAIN_NAME.matcher(domainName).matches(),
                    "'" + domainName + "' is not a lower-case DNS name such as app.example.com.");
            require("goaws.cpuArchitecture", cpuArchitecture != null,
                    "Set the CPU architecture: X86_64 or ARM64.");
            require("goaws.healthCheckPath", healthCheckPath != null
                            && HEALTH_CHECK_PATH.matcher(healthCheckPath).matches(),
                    "'" + healthCheckPath + "' is not a health-check path: start with '/', no spaces, at most"
                            + " 1024 characters, e.g. '/ping'.");
            require("goaws.accessLogBucket", accessLogBucket == null
                            || BUCKET_NAME.matcher(accessLogBucket).matches(),
                    "'" + accessLogBucket + "' is not an S3 bucket name (3-63 lower-case letters, digits, '.', '-').");
            require("goaws.network", network != null,
                    "Set the network preset: " + NetworkPreset.allIds() + ".");
            require("goaws.stage", stage == null || STAGE.matcher(stage).matches(),
                    "'" + stage + "' is not a stage name: use a lower-case letter followed by up to 19 lower-case"
                            + " letters, digits or '-', e.g. 'dev' or 'prod'.");
            require("goaws.stage", stackPrefix.length() + (stage == null ? 0 : stage.length() + 1)
                            + "-container".length() <= MAX_STACK_NAME,
                    "stackPrefix '" + stackPrefix + "' and stage '" + stage + "' make stack names longer than "
                            + MAX_STACK_NAME + " characters, which CloudFormation refuses: shorten either.");
            require("goaws.tags", tags.size() <= 40,
                    tags.size() + " tags: goaws.tags takes at most 40 (CloudFormation allows 50 per stack, goaws"
                            + " adds its own).");
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                String key = tag.getKey();
                require("goaws.tags", key != null && TAG_KEY.matcher(key).matches()
                                && !key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:"),
                        "tag key '" + key + "' is not a CloudFormation tag key: 1-128 letters, digits, spaces or"
                                + " _ . : / = + - @, not starting with 'aws:'; e.g. goaws.tags=team=a,cost-center=b.");
                require("goaws.tags", !key.equals(STAGE_TAG),
                        "tag key '" + STAGE_TAG + "' is goaws's own: set the stage with goaws.stage.");
                require("goaws.tags", tag.getValue() != null && TAG_VALUE.matcher(tag.getValue()).matches(),
                        "the value of tag '" + key + "' is not a CloudFormation tag value: at most 256 letters,"
                                + " digits, spaces or _ . : / = + - @.");
            }
            return new GoawsSettings(stackPrefix, parameterPrefix, partitionKey, vpcCidr, natGateways,
                    containerPort, cpu, memoryMiB, desiredCount, appUsername, retainData, image, nag, flowLogs,
                    logRetentionDays, min, max, cpuTarget, certificateArn, domainName, cpuArchitecture,
                    healthCheckPath, accessLogBucket, network, stage, tags, exec);
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
        // sorted: the settings' text is an input of the synthesis cache and must not change order between JVMs
        tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
    }

    /**
     * Parses {@code goaws.tags}: {@code key=value} pairs separated by commas, e.g. {@code team=a,cost-center=b}.
     * {@code null} or blank: none.
     */
    public static Map<String, String> parseTags(String text) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return tags;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new InvalidSettingException("goaws.tags", "'" + pair.trim() + "' is not key=value: write"
                        + " goaws.tags as comma-separated pairs, e.g. team=a,cost-center=b.");
            }
            String key = pair.substring(0, eq).trim();
            if (tags.put(key, pair.substring(eq + 1).trim()) != null) {
                throw new InvalidSettingException("goaws.tags", "tag '" + key + "' is given twice.");
            }
        }
        return tags;
    }
}
