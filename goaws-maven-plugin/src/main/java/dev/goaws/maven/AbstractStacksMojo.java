package dev.goaws.maven;

import dev.goaws.core.Workspace;

import dev.goaws.core.ServiceSettings;
import dev.goaws.core.NetworkSettings;
import dev.goaws.core.LoggingSettings;

import dev.goaws.core.Naming;

import dev.goaws.core.CpuArchitecture;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.NetworkPreset;
import dev.goaws.core.ServiceConfiguration;
import dev.goaws.core.synth.Assemblies;
import dev.goaws.core.synth.Assembly;
import dev.goaws.core.synth.UpToDateSynthesis;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The shape of the three stacks, for every goal that synthesizes them. Each parameter can be set in the plugin's
 * {@code <configuration>} or on the command line with its {@code goaws.*} property.
 */
public abstract class AbstractStacksMojo extends AbstractTargetMojo {

    /** Name of the DynamoDB table's partition key (type String). */
    @Parameter(property = "goaws.partitionKey", defaultValue = GoawsSettings.DEFAULT_PARTITION_KEY)
    protected String partitionKey;

    /** IPv4 CIDR block of the VPC (/16 to /24), split evenly into the public and private subnets. */
    @Parameter(property = "goaws.vpcCidr", defaultValue = NetworkSettings.DEFAULT_VPC_CIDR)
    protected String vpcCidr;

    /**
     * How the tasks reach the internet and AWS services: {@code nat} (private subnets behind managed NAT
     * gateways, about 30-40 USD a month each), {@code nat-instance} (private subnets behind small t4g.nano NAT
     * instances, a few USD a month, without the managed failover and bandwidth) or {@code public} (no NAT: tasks
     * in the public subnets with public IPs, reachable only from the load balancer). DynamoDB always goes
     * through a free gateway endpoint.
     */
    @Parameter(property = "goaws.network", defaultValue = NetworkSettings.DEFAULT_PRESET)
    protected String network;

    /**
     * NAT gateways (or, with {@code network=nat-instance}, NAT instances) for the private subnets: 1 (about 30-40
     * USD a month plus traffic for a gateway) or 2 (one per AZ, survives the loss of an AZ, twice the cost).
     * Not used with {@code network=public}.
     */
    @Parameter(property = "goaws.natGateways", defaultValue = "" + NetworkSettings.DEFAULT_NAT_GATEWAYS)
    protected int natGateways;

    /** Port the app listens on inside the container; the app gets it as {@code PORT}. */
    @Parameter(property = "goaws.containerPort", defaultValue = "" + ServiceSettings.DEFAULT_CONTAINER_PORT)
    protected int containerPort;

    /** Fargate CPU units of a task: 256, 512, 1024, 2048, 4096, 8192 or 16384 (1024 = 1 vCPU). */
    @Parameter(property = "goaws.cpu", defaultValue = "" + ServiceSettings.DEFAULT_CPU)
    protected int cpu;

    /** Memory of a task in MiB; must be a size Fargate offers for {@code cpu} (e.g. 512-2048 for 256). */
    @Parameter(property = "goaws.memory", defaultValue = "" + ServiceSettings.DEFAULT_MEMORY_MIB)
    protected int memory;

    /** Number of tasks the service keeps running. */
    @Parameter(property = "goaws.desiredCount", defaultValue = "" + ServiceSettings.DEFAULT_DESIRED_COUNT)
    protected int desiredCount;

    /**
     * Fewest tasks autoscaling keeps running; defaults to {@code desiredCount}. Must not exceed
     * {@code desiredCount}.
     */
    @Parameter(property = "goaws.minTasks")
    protected Integer minTasks;

    /**
     * Most tasks autoscaling may start (a cost ceiling); defaults to 4, or {@code desiredCount} when that is
     * larger. Set it equal to {@code minTasks} to turn autoscaling off.
     */
    @Parameter(property = "goaws.maxTasks")
    protected Integer maxTasks;

    /** Average CPU utilisation (percent, 10-90) that target-tracking autoscaling keeps the service at. */
    @Parameter(property = "goaws.cpuTarget", defaultValue = "" + ServiceSettings.DEFAULT_CPU_TARGET)
    protected int cpuTarget;

    /**
     * CPU architecture of the tasks: {@code X86_64} (default) or {@code ARM64} (Graviton, about 20 % cheaper;
     * the image must be built for arm64).
     */
    @Parameter(property = "goaws.cpuArchitecture", defaultValue = ServiceSettings.DEFAULT_CPU_ARCHITECTURE)
    protected String cpuArchitecture;

    /**
     * Path of the load balancer's health check. Responses 200 and 401 count as healthy (the app protects
     * {@code /} with Basic auth).
     */
    @Parameter(property = "goaws.healthCheckPath", defaultValue = ServiceSettings.DEFAULT_HEALTH_CHECK_PATH)
    protected String healthCheckPath;

    /**
     * ARN of an ACM certificate (in the stack's region) for the load balancer. When set, the load balancer
     * serves HTTPS on 443 and redirects HTTP on 80 to it; when unset, it serves plain HTTP on 80.
     */
    @Parameter(property = "goaws.certificateArn")
    protected String certificateArn;

    /**
     * The DNS name users reach the app under (requires {@code certificateArn}); only used for the
     * {@code ServiceUrl} output. Point it at the load balancer yourself (a CNAME or Route 53 alias).
     */
    @Parameter(property = "goaws.domainName")
    protected String domainName;

    /**
     * An existing S3 bucket in the stack's region for the load balancer's access logs (written under the prefix
     * {@code <stackPrefix>-container}). Its bucket policy must let Elastic Load Balancing write to it. Unset: no
     * access logs.
     */
    @Parameter(property = "goaws.accessLogBucket")
    protected String accessLogBucket;

    /**
     * Days CloudWatch Logs keeps the app's logs and the VPC flow logs; one of 1, 3, 5, 7, 14, 30, 60, 90, 120,
     * 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.
     */
    @Parameter(property = "goaws.logRetentionDays", defaultValue = "" + LoggingSettings.DEFAULT_LOG_RETENTION_DAYS)
    protected int logRetentionDays;

    /** Record the VPC's traffic (accepted and rejected) as flow logs in a CloudWatch log group. */
    @Parameter(property = "goaws.flowLogs", defaultValue = "" + LoggingSettings.DEFAULT_FLOW_LOGS)
    protected boolean flowLogs;

    /**
     * Check the synthesized stacks with cdk-nag's AwsSolutions rules; any unsuppressed finding fails the build.
     * {@code false} skips the check (not for production).
     */
    @Parameter(property = "goaws.nag", defaultValue = "true")
    protected boolean nag;

    /** Login name of the app's Basic auth; the password is generated into a Secrets Manager secret. */
    @Parameter(property = "goaws.appUsername", defaultValue = ServiceSettings.DEFAULT_APP_USERNAME)
    protected String appUsername;

    /**
     * A pushed container image to run, e.g. {@code 123456789012.dkr.ecr.eu-central-1.amazonaws.com/app@sha256:...}.
     * When set, {@code imageDirectory} is ignored.
     */
    @Parameter(property = "goaws.image")
    protected String image;

    /**
     * A Docker build context (with a Dockerfile) that the cdk CLI builds and pushes at deploy time, as
     * {@code goaws:build-app} produces it. Used when {@code image} is not set and the directory exists.
     */
    @Parameter(property = "goaws.imageDirectory", defaultValue = "${project.build.directory}/goaws/dist")
    protected File imageDirectory;

    /**
     * The app's own plain environment variables, in the task definition: {@code <environment><LOG_LEVEL>debug
     * </LOG_LEVEL></environment>}. Names are {@code [A-Za-z_][A-Za-z0-9_]*}, not goaws's own ({@code PORT},
     * {@code AWS_REGION}, {@code GOAWS_*}); a name that looks like a secret ({@code *PASSWORD*}, {@code *SECRET*},
     * {@code *TOKEN*}, {@code *_KEY}) is refused unless listed in {@code notSecret}: secrets go into
     * {@code secrets}. On the command line use {@code goaws.environment} ({@code environmentOverrides}).
     */
    @Parameter
    protected Map<String, String> environment;

    /**
     * Variables from the command line, {@code -Dgoaws.environment=NAME=value,NAME2=value2}, set over those of
     * {@code <environment>} (Maven cannot bind a {@code -D} property to a map). A value with a comma belongs in the
     * POM.
     */
    @Parameter(property = "goaws.environment")
    protected String environmentOverrides;

    /**
     * The app's secrets, injected by ECS when a task starts: {@code <secrets><DB_PASSWORD>ssm:db-password
     * </DB_PASSWORD></secrets>}. A value is a reference, never the secret: {@code ssm:/absolute/name},
     * {@code ssm:relative-name} (under the stage's parameter path: {@code <parameterPrefix>[/<stage>]/secrets/...}),
     * or {@code secretsmanager:<name or complete ARN>[:<json-key>]}. Set the values with {@code goaws:secret}; the
     * execution role may read exactly these. On the command line use {@code goaws.secrets}
     * ({@code secretsOverrides}).
     */
    @Parameter
    protected Map<String, String> secrets;

    /**
     * Secrets from the command line, {@code -Dgoaws.secrets=NAME=ssm:name,NAME2=secretsmanager:name}, set over
     * those of {@code <secrets>}.
     */
    @Parameter(property = "goaws.secrets")
    protected String secretsOverrides;

    /**
     * Comma-separated names in {@code environment} that look like secrets but are not (e.g. {@code PUBLIC_KEY}):
     * the explicit override of goaws's refusal.
     */
    @Parameter(property = "goaws.notSecret")
    protected String notSecret;

    /**
     * An IAM policy document in the project (e.g. {@code src/main/aws/task-policy.json}) whose statements go to
     * the task role beside goaws's own. {@code ${table}}, {@code ${tableArn}}, {@code ${region}},
     * {@code ${account}}, {@code ${stage}} and {@code ${parameterPath}} are substituted. Refused: {@code "Action":
     * "*"}, service-wide actions such as {@code "s3:*"}, {@code "Resource": "*"} for actions that take a resource
     * ARN, NotAction, NotResource. cdk-nag checks the statements like goaws's own.
     */
    @Parameter(property = "goaws.taskPolicy")
    protected File taskPolicy;

    /**
     * Comma-separated managed policy ARNs for the task role, e.g. {@code arn:aws:iam::123456789012:policy/app-reads}
     * (at most 10; AWS-managed {@code *FullAccess}, {@code AdministratorAccess} and {@code PowerUserAccess} are
     * refused). cdk-nag reports AWS-managed policies (AwsSolutions-IAM4).
     */
    @Parameter(property = "goaws.managedPolicies")
    protected String managedPolicies;

    /**
     * ARN of the customer-managed KMS key the secrets are encrypted with: the execution role gets
     * {@code kms:Decrypt} on this key only, and {@code goaws:secret} encrypts new values with it. Unset: the
     * AWS-managed keys, which need no grant.
     */
    @Parameter(property = "goaws.secretsKmsKey")
    protected String secretsKmsKey;

    /**
     * ECS Exec on the service: {@code enableExecuteCommand}, and the task role gets the four {@code ssmmessages}
     * actions its agent needs (nothing else). {@code goaws:status} then prints, per running task, the
     * {@code aws ecs execute-command} line to open a shell (the AWS CLI needs the Session Manager plugin). Off by
     * default: a shell into production tasks is a decision, not a default.
     */
    @Parameter(property = "goaws.exec", defaultValue = "false")
    protected boolean exec;

    /** Retain the table and the logs when their stack is destroyed; only {@code destroy} may turn this off. */
    protected boolean retainData() {
        return true;
    }

    /** The validated settings; each refusal names the parameter and what it accepts. */
    protected GoawsSettings settings() {
        return GoawsSettings.builder()
                .naming(naming())
                .partitionKey(partitionKey)
                .vpcCidr(vpcCidr)
                .network(NetworkPreset.parse(network))
                .natGateways(natGateways)
                .containerPort(containerPort)
                .cpu(cpu)
                .memoryMiB(memory)
                .desiredCount(desiredCount)
                .appUsername(appUsername)
                .retainData(retainData())
                .minTasks(minTasks)
                .maxTasks(maxTasks)
                .cpuTarget(cpuTarget)
                .cpuArchitecture(CpuArchitecture.parse(cpuArchitecture))
                .healthCheckPath(healthCheckPath)
                .certificateArn(certificateArn)
                .domainName(domainName)
                .accessLogBucket(accessLogBucket)
                .logRetentionDays(logRetentionDays)
                .flowLogs(flowLogs)
                .nag(nag)
                .image(imageSource())
                .app(ServiceConfiguration.of(environment, environmentOverrides, secrets, secretsOverrides,
                        notSecret, taskPolicy == null ? null : taskPolicy.toPath(), managedPolicies, secretsKmsKey))
                .exec(exec)
                .build();
    }

    private ImageSource imageSource() {
        if (image != null && !image.isBlank()) {
            return new ImageSource.Registry(image.trim());
        }
        if (imageDirectory != null && Files.isDirectory(imageDirectory.toPath())) {
            return new ImageSource.Directory(imageDirectory.toPath());
        }
        return null;
    }

    protected Path assemblyDirectory() {
        return new Workspace(outputDirectory.toPath()).assembly();
    }

    /**
     * Synthesized assemblies: once per Maven session and configuration, and not at all when the one on disk was
     * made from the same inputs.
     */
    protected Assemblies assemblies() {
        UpToDateSynthesis synthesis = new UpToDateSynthesis(plugin == null ? "unknown" : plugin.getVersion(),
                System.getenv(), reporter());
        return (settings, directory) -> SessionAssemblies.get(session, settings, directory,
                () -> synthesis.get(settings, directory));
    }

    protected Assembly synthesize(GoawsSettings settings) {
        return assemblies().get(settings, assemblyDirectory());
    }
}
