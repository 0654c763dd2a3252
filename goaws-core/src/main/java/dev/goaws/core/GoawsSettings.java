package dev.goaws.core;

import java.util.Map;
import java.util.Objects;

/**
 * Everything that shapes the three stacks, in groups that each validate themselves and name the parameter at
 * fault: {@link Naming}, {@link NetworkSettings}, {@link ServiceSettings}, {@link LoadBalancerSettings} and
 * {@link LoggingSettings}, plus the table's key, data retention, the image, the cdk-nag check and the app's own
 * configuration ({@link ServiceConfiguration}). Immutable;
 * {@link #builder()} starts from the groups' defaults (the go-on-aws architecture).
 *
 * @param partitionKey {@code goaws.partitionKey}
 * @param retainData   keep the table and the logs when their stack is destroyed
 * @param image        the image the service runs; null: none yet (the container stack is not synthesized)
 * @param nag          {@code goaws.nag}
 * @param app          the project's own environment, secrets and task-role permissions
 */
public record GoawsSettings(Naming naming, NetworkSettings network, ServiceSettings service,
        LoadBalancerSettings loadBalancer, LoggingSettings logging, String partitionKey, boolean retainData,
        ImageSource image, boolean nag, ServiceConfiguration app) {
    public static final String DEFAULT_PARTITION_KEY = "itemID";
    public static final GoawsSettings DEFAULTS = builder().build();

    public GoawsSettings {
        Objects.requireNonNull(naming);
        Objects.requireNonNull(network);
        Objects.requireNonNull(service);
        Objects.requireNonNull(loadBalancer);
        Objects.requireNonNull(logging);
        Objects.requireNonNull(app);
        // The one check across groups: the app's task policy may name the stage only where there is one.
        Settings.require(TaskPolicy.SETTING, app.taskPolicy() == null || naming.stage() != null
                        || !app.taskPolicy().uses("stage"),
                app.taskPolicy() == null ? "" : app.taskPolicy().source() + " uses ${stage}, but no goaws.stage is"
                        + " set: set one, or write the name without ${stage}.");
        Settings.require("goaws.partitionKey", partitionKey != null && !partitionKey.isBlank()
                        && partitionKey.length() <= 255,
                "The partition key name must be 1 to 255 characters, e.g. 'itemID'.");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    // The names are asked of the whole settings everywhere; Naming is where they are made.

    /** {@code goaws-vpc} without a stage, {@code goaws-dev-vpc} in stage {@code dev}. */
    public String stackName(StackKind kind) {
        return naming.stackName(kind);
    }

    /** See {@link Naming#parameterPath()}. */
    public String parameterPath() {
        return naming.parameterPath();
    }

    /** See {@link Naming#resourceTags()}. */
    public Map<String, String> resourceTags() {
        return naming.resourceTags();
    }

    public String vpcIdParameter() {
        return naming.vpcIdParameter();
    }

    public String vpcAzsParameter() {
        return naming.vpcAzsParameter();
    }

    public String vpcPublicSubnetsParameter() {
        return naming.vpcPublicSubnetsParameter();
    }

    public String vpcPrivateSubnetsParameter() {
        return naming.vpcPrivateSubnetsParameter();
    }

    /** SSM parameter holding the table name; the app reads it at run time. */
    public String tableParameter() {
        return naming.tableParameter();
    }

    /**
     * Flat setters over the groups, for the Maven layer and tests; {@link #build()} makes and so validates each
     * group. Starts from every group's defaults.
     */
    public static final class Builder {
        private String stackPrefix = Naming.DEFAULT_STACK_PREFIX;
        private String parameterPrefix = Naming.DEFAULT_PARAMETER_PREFIX;
        private String stage;
        private Map<String, String> tags = Map.of();
        private NetworkPreset network = NetworkSettings.DEFAULTS.preset();
        private String vpcCidr = NetworkSettings.DEFAULT_VPC_CIDR;
        private int natGateways = NetworkSettings.DEFAULT_NAT_GATEWAYS;
        private int containerPort = ServiceSettings.DEFAULT_CONTAINER_PORT;
        private int cpu = ServiceSettings.DEFAULT_CPU;
        private int memoryMiB = ServiceSettings.DEFAULT_MEMORY_MIB;
        private int desiredCount = ServiceSettings.DEFAULT_DESIRED_COUNT;
        private Integer minTasks;
        private Integer maxTasks;
        private int cpuTarget = ServiceSettings.DEFAULT_CPU_TARGET;
        private CpuArchitecture cpuArchitecture = ServiceSettings.DEFAULTS.cpuArchitecture();
        private String healthCheckPath = ServiceSettings.DEFAULT_HEALTH_CHECK_PATH;
        private String appUsername = ServiceSettings.DEFAULT_APP_USERNAME;
        private boolean exec;
        private String certificateArn;
        private String domainName;
        private String accessLogBucket;
        private int logRetentionDays = LoggingSettings.DEFAULT_LOG_RETENTION_DAYS;
        private boolean flowLogs = LoggingSettings.DEFAULT_FLOW_LOGS;
        private String partitionKey = DEFAULT_PARTITION_KEY;
        private boolean retainData = true;
        private ImageSource image;
        private boolean nag = true;
        private ServiceConfiguration app = ServiceConfiguration.NONE;

        private Builder() {
        }

        private Builder(GoawsSettings s) {
            stackPrefix = s.naming.stackPrefix();
            parameterPrefix = s.naming.parameterPrefix();
            stage = s.naming.stage();
            tags = s.naming.tags();
            network = s.network.preset();
            vpcCidr = s.network.vpcCidr();
            natGateways = s.network.natGateways();
            containerPort = s.service.containerPort();
            cpu = s.service.cpu();
            memoryMiB = s.service.memoryMiB();
            desiredCount = s.service.desiredCount();
            minTasks = s.service.minTasks();
            maxTasks = s.service.maxTasks();
            cpuTarget = s.service.cpuTarget();
            cpuArchitecture = s.service.cpuArchitecture();
            healthCheckPath = s.service.healthCheckPath();
            appUsername = s.service.appUsername();
            exec = s.service.exec();
            certificateArn = s.loadBalancer.certificateArn();
            domainName = s.loadBalancer.domainName();
            accessLogBucket = s.loadBalancer.accessLogBucket();
            logRetentionDays = s.logging.logRetentionDays();
            flowLogs = s.logging.flowLogs();
            partitionKey = s.partitionKey;
            retainData = s.retainData;
            image = s.image;
            nag = s.nag;
            app = s.app;
        }

        /** All four names at once. */
        public Builder naming(Naming v) {
            return stackPrefix(v.stackPrefix()).parameterPrefix(v.parameterPrefix()).stage(v.stage()).tags(v.tags());
        }
        public Builder stackPrefix(String v) { stackPrefix = v; return this; }
        public Builder parameterPrefix(String v) { parameterPrefix = v; return this; }
        /** {@code null} or blank: no stage (the stack names and parameter path without one). */
        public Builder stage(String v) { stage = v; return this; }
        public Builder tags(Map<String, String> v) { tags = v == null ? Map.of() : v; return this; }
        public Builder network(NetworkPreset v) { network = v; return this; }
        public Builder vpcCidr(String v) { vpcCidr = v; return this; }
        public Builder natGateways(int v) { natGateways = v; return this; }
        public Builder containerPort(int v) { containerPort = v; return this; }
        public Builder cpu(int v) { cpu = v; return this; }
        public Builder memoryMiB(int v) { memoryMiB = v; return this; }
        public Builder desiredCount(int v) { desiredCount = v; return this; }
        /** {@code null}: the desired count. */
        public Builder minTasks(Integer v) { minTasks = v; return this; }
        /** {@code null}: {@value ServiceSettings#DEFAULT_MAX_TASKS}, or the desired count when that is larger. */
        public Builder maxTasks(Integer v) { maxTasks = v; return this; }
        public Builder cpuTarget(int v) { cpuTarget = v; return this; }
        public Builder cpuArchitecture(CpuArchitecture v) { cpuArchitecture = v; return this; }
        public Builder healthCheckPath(String v) { healthCheckPath = v; return this; }
        public Builder appUsername(String v) { appUsername = v; return this; }
        /** ECS Exec on the service ({@code goaws.exec}): off unless asked for. */
        public Builder exec(boolean v) { exec = v; return this; }
        /** {@code null} or blank: HTTP only. */
        public Builder certificateArn(String v) { certificateArn = v; return this; }
        public Builder domainName(String v) { domainName = v; return this; }
        /** {@code null} or blank: no ALB access logs. */
        public Builder accessLogBucket(String v) { accessLogBucket = v; return this; }
        public Builder logRetentionDays(int v) { logRetentionDays = v; return this; }
        public Builder flowLogs(boolean v) { flowLogs = v; return this; }
        public Builder partitionKey(String v) { partitionKey = v; return this; }
        public Builder retainData(boolean v) { retainData = v; return this; }
        public Builder image(ImageSource v) { image = v; return this; }
        public Builder nag(boolean v) { nag = v; return this; }
        /** The project's own environment, secrets and task-role permissions; {@code null}: none. */
        public Builder app(ServiceConfiguration v) { app = v == null ? ServiceConfiguration.NONE : v; return this; }

        public GoawsSettings build() {
            return new GoawsSettings(new Naming(stackPrefix, parameterPrefix, stage, tags),
                    new NetworkSettings(network, vpcCidr, natGateways),
                    ServiceSettings.of(containerPort, cpu, memoryMiB, desiredCount, minTasks, maxTasks, cpuTarget,
                            cpuArchitecture, healthCheckPath, appUsername, exec),
                    new LoadBalancerSettings(certificateArn, domainName, accessLogBucket),
                    new LoggingSettings(logRetentionDays, flowLogs), partitionKey, retainData, image, nag, app);
        }
    }
}
