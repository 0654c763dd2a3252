package dev.goaws.core.stacks;

import dev.goaws.core.NetworkSettings;

import dev.goaws.core.AppEnvironment;
import dev.goaws.core.CpuArchitecture;
import dev.goaws.core.EcrAddress;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.SecretReference;
import dev.goaws.core.ServiceConfiguration;
import dev.goaws.core.StackKind;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverMode;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The service: an ECS cluster and an ALB-fronted Fargate service running the app. It imports the VPC and the
 * table from the SSM parameters the other two stacks published, as deploy-time parameters
 * ({@code AWS::SSM::Parameter::Value<String>}): synthesis needs no AWS access and no context lookup, and no
 * CloudFormation export ties the stacks together.
 */
public final class ContainerStack extends Stack {
    /** Logical ids of the outputs goaws prints after a deploy. */
    public static final String OUTPUT_SERVICE_URL = "ServiceUrl";
    public static final String OUTPUT_LOAD_BALANCER_DNS = "LoadBalancerDns";
    public static final String OUTPUT_CREDENTIALS_SECRET = "CredentialsSecretArn";
    /** How long the load balancer lets a stopping task finish its requests (ECS waits for it before SIGTERM). */
    public static final int DEREGISTRATION_DELAY_SECONDS = 30;
    /** The log driver's buffer for lines CloudWatch Logs has not taken yet (minutes of this app's access log). */
    public static final int LOG_BUFFER_MIB = 25;

    private final ApplicationLoadBalancedFargateService service;
    private final Secret credentials;

    public ContainerStack(Construct scope, GoawsSettings settings, ImageSource image) {
        super(scope, settings.stackName(StackKind.CONTAINER), StackProps.builder()
                .description("goaws: ALB + Fargate service running the app")
                .tags(settings.resourceTags())
                .build());
        Cluster cluster = cluster(importVpc(settings));
        String tableName = StringParameter.valueForStringParameter(this, settings.tableParameter());
        credentials = loginSecret(settings);
        service = loadBalancedService(settings, cluster, taskImage(settings, image));
        if (settings.service().autoscaling()) {
            autoscale(settings);
        }
        grantTableAccess(settings, tableName);
        grantProjectPermissions(settings, tableName);
        outputs(settings);
        suppressNagFindings(settings);
    }

    // ------------------------------------------------------------------------------------- network and security

    /**
     * The VPC of the vpc stack, from its SSM parameters, and the cluster in it. With {@code network=public} the
     * tasks need only the public subnets, so the private ones are not imported.
     */
    private IVpc importVpc(GoawsSettings settings) {
        int azs = NetworkSettings.AVAILABILITY_ZONES;
        VpcAttributes.Builder attributes = VpcAttributes.builder()
                .vpcId(StringParameter.valueForStringParameter(this, settings.vpcIdParameter()))
                .availabilityZones(splitParameter(settings.vpcAzsParameter(), azs))
                .publicSubnetIds(splitParameter(settings.vpcPublicSubnetsParameter(), azs));
        if (settings.network().preset().privateTasks()) {
            attributes.privateSubnetIds(splitParameter(settings.vpcPrivateSubnetsParameter(), azs));
        }
        Validations.of(this).acknowledge(
                // Nothing here reads the imported subnets' route tables (no gateway endpoints): no ids needed.
                Acknowledgment.builder().id("@aws-cdk/aws-ec2:noSubnetRouteTableId")
                        .reason("The container stack never reads route tables of the imported VPC").build(),
                // The AZ names shape the imported VPC but no resource property renders them.
                Acknowledgment.builder().id("CloudFormation-Validate::W2001")
                        .reason("The imported VPC's AZ parameter is read by the construct, not rendered").build());
        return Vpc.fromVpcAttributes(this, "Vpc", attributes.build());
    }

    private List<String> splitParameter(String parameterName, int count) {
        return Fn.split(",", StringParameter.valueForStringParameter(this, parameterName), count);
    }

    private Cluster cluster(IVpc vpc) {
        return Cluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
    }

    /** The app's Basic-auth login: generated here, never in code or image; ECS injects it at task start. */
    private Secret loginSecret(GoawsSettings settings) {
        return Secret.Builder.create(this, "AppCredentials")
                .description("Basic-auth login of the goaws app")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"username\":\"" + settings.service().appUsername() + "\"}")
                        .generateStringKey("password")
                        .excludePunctuation(true)
                        .passwordLength(32)
                        .build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    // ------------------------------------------------------------------------------------------- task definition

    /** The app's container: image, port, environment, the login as ECS secrets, logs to CloudWatch. */
    private ApplicationLoadBalancedTaskImageOptions taskImage(GoawsSettings settings, ImageSource image) {
        LogGroup logs = LogGroup.Builder.create(this, "AppLogs")
                .retention(Retention.of(settings.logging().logRetentionDays()))
                .removalPolicy(settings.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        return ApplicationLoadBalancedTaskImageOptions.builder()
                .containerName("app")
                .image(containerImage(image, settings.service().cpuArchitecture()))
                .containerPort(settings.service().containerPort())
                .environment(environment(settings))
                .secrets(secrets(settings))
                // Non-blocking, said explicitly (not left to the account's defaultLogDriverMode): when CloudWatch
                // Logs is slow the app keeps serving and the driver buffers; only a full buffer drops lines.
                .logDriver(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logs).streamPrefix("app")
                        .mode(AwsLogDriverMode.NON_BLOCKING)
                        .maxBufferSize(Size.mebibytes(LOG_BUFFER_MIB)).build()))
                .build();
    }

    /**
     * The app contract's variables and the project's own ({@code goaws.environment}, which cannot reuse a contract
     * name). Sorted: Map.of iterates in a per-JVM random order, which would churn the template.
     */
    private static Map<String, String> environment(GoawsSettings settings) {
        Map<String, String> environment = new TreeMap<>(settings.app().environment());
        environment.put(AppEnvironment.PORT, Integer.toString(settings.service().containerPort()));
        environment.put(AppEnvironment.REGION, Aws.REGION);
        environment.put(AppEnvironment.TABLE_PARAMETER, settings.tableParameter());
        return environment;
    }

    /**
     * The login, and the project's secrets ({@code goaws.secrets}) as references ECS resolves at task start. Each
     * import grants the execution role read access to exactly that parameter or secret: its ARN, or for a Secrets
     * Manager secret known only by name (a synthesis without AWS) the name with the 6-character suffix
     * ({@code name-??????}). A deploy looks the complete ARN up first, which is what ECS needs.
     */
    private Map<String, software.amazon.awscdk.services.ecs.Secret> secrets(GoawsSettings settings) {
        Map<String, software.amazon.awscdk.services.ecs.Secret> secrets = new TreeMap<>();
        secrets.put(AppEnvironment.USERNAME,
                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(credentials, "username"));
        secrets.put(AppEnvironment.PASSWORD,
                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(credentials, "password"));
        settings.app().secrets().forEach((name, reference) -> secrets.put(name, secret(settings, name, reference)));
        return secrets;
    }

    private software.amazon.awscdk.services.ecs.Secret secret(GoawsSettings settings, String variable,
            SecretReference reference) {
        String id = "Secret" + variable;
        if (reference instanceof SecretReference.Ssm ssm) {
            return software.amazon.awscdk.services.ecs.Secret.fromSsmParameter(
                    StringParameter.fromSecureStringParameterAttributes(this, id,
                            software.amazon.awscdk.services.ssm.SecureStringParameterAttributes.builder()
                                    .parameterName(ssm.parameterName(settings.parameterPath())).build()));
        }
        SecretReference.SecretsManager sm = (SecretReference.SecretsManager) reference;
        software.amazon.awscdk.services.secretsmanager.ISecret secret = sm.knownArn() != null
                ? Secret.fromSecretCompleteArn(this, id, sm.knownArn())
                : Secret.fromSecretNameV2(this, id, sm.name());
        return sm.jsonKey() == null ? software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secret)
                : software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secret, sm.jsonKey());
    }

    private static RuntimePlatform runtimePlatform(CpuArchitecture architecture) {
        return RuntimePlatform.builder()
                .operatingSystemFamily(OperatingSystemFamily.LINUX)
                .cpuArchitecture(architecture == CpuArchitecture.ARM64
                        ? software.amazon.awscdk.services.ecs.CpuArchitecture.ARM64
                        : software.amazon.awscdk.services.ecs.CpuArchitecture.X86_64)
                .build();
    }

    /** Least privilege: Scan on this one table, GetParameter on the one parameter that names it. */
    private void grantTableAccess(GoawsSettings settings, String tableName) {
        service.getTaskDefinition().addToTaskRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Scan"))
                .resources(List.of(formatArn(ArnComponents.builder()
                        .service("dynamodb").resource("table").resourceName(tableName).build())))
                .build());
        service.getTaskDefinition().addToTaskRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ssm:GetParameter"))
                .resources(List.of(formatArn(ArnComponents.builder()
                        .service("ssm").resource("parameter")
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                        .resourceName(settings.tableParameter().substring(1)).build())))
                .build());
    }

    /**
     * The project's permissions: {@code kms:Decrypt} for the execution role on the one key its secrets are
     * encrypted with, the task policy's statements (placeholders substituted) and the managed policies for the task
     * role. cdk-nag checks them like goaws's own; no suppression covers them.
     */
    private void grantProjectPermissions(GoawsSettings settings, String tableName) {
        ServiceConfiguration service = settings.app();
        var taskDefinition = this.service.getTaskDefinition();
        if (service.secretsKmsKey() != null) {
            taskDefinition.obtainExecutionRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of(service.secretsKmsKey()))
                    .build());
        }
        if (service.taskPolicy() != null) {
            Map<String, String> values = new TreeMap<>();
            values.put("table", tableName);
            values.put("tableArn", formatArn(ArnComponents.builder()
                    .service("dynamodb").resource("table").resourceName(tableName).build()));
            values.put("region", Aws.REGION);
            values.put("account", Aws.ACCOUNT_ID);
            values.put("parameterPath", settings.parameterPath());
            if (settings.naming().stage() != null) {
                values.put("stage", settings.naming().stage());
            }
            for (Map<String, Object> statement : service.taskPolicy().statements(values)) {
                taskDefinition.addToTaskRolePolicy(PolicyStatement.fromJson(statement));
            }
        }
        for (int i = 0; i < service.managedPolicies().size(); i++) {
            taskDefinition.getTaskRole().addManagedPolicy(software.amazon.awscdk.services.iam.ManagedPolicy
                    .fromManagedPolicyArn(this, "TaskManagedPolicy" + (i + 1), service.managedPolicies().get(i)));
        }
    }

    // -------------------------------------------------------------------------------- service and load balancer

    /**
     * The Fargate service behind a public ALB: in the private subnets without public IPs, or with
     * {@code network=public} in the public subnets with public IPs. Either way the tasks' security group admits
     * only the load balancer, on the container port.
     */
    private ApplicationLoadBalancedFargateService loadBalancedService(GoawsSettings settings, Cluster cluster,
            ApplicationLoadBalancedTaskImageOptions taskImage) {
        boolean privateTasks = settings.network().preset().privateTasks();
        ApplicationLoadBalancedFargateService.Builder builder = ApplicationLoadBalancedFargateService.Builder
                .create(this, "Service")
                .cluster(cluster)
                .runtimePlatform(runtimePlatform(settings.service().cpuArchitecture()))
                .cpu(settings.service().cpu())
                .memoryLimitMiB(settings.service().memoryMiB())
                .desiredCount(settings.service().desiredCount())
                .publicLoadBalancer(true)
                .taskSubnets(SubnetSelection.builder()
                        .subnetType(privateTasks ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PUBLIC).build())
                .assignPublicIp(!privateTasks)
                .minHealthyPercent(100)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                // ECS Exec (goaws.exec): the CDK gives the task role the ssmmessages actions the agent needs.
                .enableExecuteCommand(settings.service().exec())
                .taskImageOptions(taskImage);
        if (settings.loadBalancer().https()) {
            // TLS on the ALB with the user's ACM certificate; port 80 only answers with a redirect to 443.
            builder.protocol(ApplicationProtocol.HTTPS)
                    .certificate(Certificate.fromCertificateArn(this, "Certificate", settings.loadBalancer().certificateArn()))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                    .redirectHttp(true);
        }
        ApplicationLoadBalancedFargateService built = builder.build();
        // The app answers 401 to anonymous requests: that is healthy. Every 10 s, two in a row either way: a new
        // task takes traffic ~20 s after it listens and a dead one loses it as fast (the ALB's defaults, 30 s x 5
        // to be healthy, hold a deployment for minutes).
        built.getTargetGroup().configureHealthCheck(HealthCheck.builder()
                .path(settings.service().healthCheckPath())
                .healthyHttpCodes("200,401")
                .interval(Duration.seconds(10))
                .timeout(Duration.seconds(5))
                .healthyThresholdCount(2)
                .unhealthyThresholdCount(2)
                .build());
        // ECS takes a stopping task out of the target group, waits this long for its in-flight requests, and only
        // then sends SIGTERM. The ALB's default, 300 s, holds every rolling deployment and scale-in five minutes
        // per task; the app's longest request (a 10,000-item Scan) takes seconds.
        built.getTargetGroup().setAttribute("deregistration_delay.timeout_seconds",
                Integer.toString(DEREGISTRATION_DELAY_SECONDS));
        // Header fields that are not valid HTTP are dropped at the ALB, not passed to the app: no header
        // confusion (request smuggling) between the two parsers.
        built.getLoadBalancer().setAttribute("routing.http.drop_invalid_header_fields.enabled", "true");
        if (settings.loadBalancer().accessLogBucket() != null) {
            // Plain attributes, no bucket policy: the bucket is the user's, with the ELB log-delivery policy.
            ApplicationLoadBalancer alb = built.getLoadBalancer();
            alb.setAttribute("access_logs.s3.enabled", "true");
            alb.setAttribute("access_logs.s3.bucket", settings.loadBalancer().accessLogBucket());
            alb.setAttribute("access_logs.s3.prefix", settings.stackName(StackKind.CONTAINER));
        }
        return built;
    }

    // ------------------------------------------------------------------------------------------------ autoscaling

    /** Target tracking on average CPU between minTasks and maxTasks. */
    private void autoscale(GoawsSettings settings) {
        service.getService().autoScaleTaskCount(EnableScalingProps.builder()
                        .minCapacity(settings.service().minTasks())
                        .maxCapacity(settings.service().maxTasks())
                        .build())
                .scaleOnCpuUtilization("CpuScaling", CpuUtilizationScalingProps.builder()
                        .targetUtilizationPercent(settings.service().cpuTarget())
                        .build());
    }

    // ---------------------------------------------------------------------------------------- outputs and nag

    private void outputs(GoawsSettings settings) {
        String dns = service.getLoadBalancer().getLoadBalancerDnsName();
        CfnOutput.Builder.create(this, OUTPUT_LOAD_BALANCER_DNS).value(dns)
                .description("DNS name of the public load balancer").build();
        String url = settings.loadBalancer().https()
                ? "https://" + (settings.loadBalancer().domainName() != null ? settings.loadBalancer().domainName() : dns)
                : "http://" + dns;
        CfnOutput.Builder.create(this, OUTPUT_SERVICE_URL).value(url)
                .description("URL of the app").build();
        CfnOutput.Builder.create(this, OUTPUT_CREDENTIALS_SECRET).value(credentials.getSecretArn())
                .description("Secret with the app's login; read it with: aws secretsmanager get-secret-value"
                        + " --secret-id <this ARN> --query SecretString --output text")
                .build();
    }

    /**
     * The cdk-nag AwsSolutions findings this stack accepts, each with the reason an auditor can check against
     * the template. Everything else cdk-nag reports fails the synthesis.
     */
    private void suppressNagFindings(GoawsSettings settings) {
        suppress(credentials, "AwsSolutions-SMG4", "The generated Basic-auth password is injected by ECS only when"
                + " a task starts, so an automatic rotation would need a rotation Lambda and would still leave running"
                + " tasks on the old password until they are replaced. Rotate it by writing a new password into the"
                + " secret and forcing a new deployment (aws ecs update-service --force-new-deployment).");
        suppress(service.getLoadBalancer().getConnections().getSecurityGroups().get(0), "AwsSolutions-EC23",
                "This is the security group of the internet-facing load balancer, the app's public entry point: it"
                        + " admits 0.0.0.0/0 only on the listener port" + (settings.loadBalancer().https() ? "s 443 and 80 (80 only"
                        + " redirects to HTTPS)" : " 80") + ". The tasks' security group admits only this load"
                        + " balancer, on the container port.");
        suppress(service.getTaskDefinition(), "AwsSolutions-ECS2", "The plain environment variables are"
                + " non-secret configuration: PORT (the container port), AWS_REGION and GOAWS_TABLE_PARAMETER (the name,"
                + " not the value, of an SSM parameter)" + projectVariables(settings) + ". The app's login"
                + (settings.app().secrets().isEmpty() ? " is" : " and the project's goaws.secrets are")
                + " injected by ECS as secrets.");
        if (settings.loadBalancer().accessLogBucket() == null) {
            suppress(service.getLoadBalancer(), "AwsSolutions-ELB2", "Load balancer access logs need an S3 bucket"
                    + " whose policy admits Elastic Load Balancing log delivery in the stack's region; goaws creates"
                    + " no bucket for them, so they are off unless goaws.accessLogBucket names one. The app logs"
                    + " every request (without credentials) to its CloudWatch log group, and the VPC flow logs"
                    + " record network flows unless goaws.flowLogs=false.");
        }
        if (settings.service().exec()) {
            suppress(service.getTaskDefinition().getTaskRole().getNode().findChild("DefaultPolicy"),
                    "AwsSolutions-IAM5", "goaws.exec=true (ECS Exec): the task role's only '*' statement is the four"
                            + " ssmmessages channel actions (CreateControlChannel, CreateDataChannel, OpenControlChannel,"
                            + " OpenDataChannel) the ECS Exec agent in the task needs; IAM has no resource-level"
                            + " permissions for them. Who may open a session is decided on the caller's side, by"
                            + " ecs:ExecuteCommand on this cluster and task.",
                    "Resource::*");
        }
        if (pullsFromEcr(settings.image())) {
            // The pull permissions for the image's ECR repository go into the execution role's default policy.
            suppress(service.getTaskDefinition().obtainExecutionRole().getNode().findChild("DefaultPolicy"),
                    "AwsSolutions-IAM5", "ecr:GetAuthorizationToken supports no resource-level permissions, so IAM"
                            + " only accepts it on '*'; the image pull itself is limited to the image's one ECR"
                            + " repository.",
                    "Resource::*");
        }
    }

    /** The project's plain variables for the ECS2 reason: names only, each checked not to look like a secret. */
    private static String projectVariables(GoawsSettings settings) {
        Map<String, String> environment = settings.app().environment();
        if (environment.isEmpty()) {
            return "";
        }
        List<String> declaredNotSecret = settings.app().notSecret().stream().filter(environment::containsKey)
                .toList();
        return ", and the project's goaws.environment (" + String.join(", ", environment.keySet()) + "), whose names"
                + " goaws refuses when they look like secrets (PASSWORD, SECRET, TOKEN, *_KEY)"
                + (declaredNotSecret.isEmpty() ? "" : " unless the project declares them not secret in"
                        + " goaws.notSecret (" + String.join(", ", declaredNotSecret) + ")");
    }

    /** Suppresses {@code rule} on the CloudFormation resource of {@code construct} only, not on its children. */
    private static void suppress(IConstruct construct, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of((Object[]) appliesTo));
        }
        IConstruct resource = construct.getNode().getDefaultChild() != null
                ? construct.getNode().getDefaultChild() : construct;
        NagSuppressions.addResourceSuppressions(resource, List.of(suppression.build()), false);
    }

    public ApplicationLoadBalancedFargateService service() {
        return service;
    }

    public Secret credentials() {
        return credentials;
    }

    /** A CDK image asset or a private ECR image: the execution role gets ECR pull rights for its repository. */
    private static boolean pullsFromEcr(ImageSource image) {
        return image instanceof ImageSource.Directory
                || image instanceof ImageSource.Registry registry && EcrAddress.ofImage(registry.reference()).isPresent();
    }

    private ContainerImage containerImage(ImageSource image, CpuArchitecture architecture) {
        if (image instanceof ImageSource.Registry registry) {
            java.util.Optional<EcrAddress.Image> ecr = EcrAddress.ofImage(registry.reference());
            if (ecr.isPresent()) {
                EcrAddress.Image pushed = ecr.get();
                // A private ECR image needs pull rights: fromEcrRepository grants the execution role exactly this
                // repository (fromRegistry would grant nothing and the task could not pull).
                var repository = software.amazon.awscdk.services.ecr.Repository.fromRepositoryAttributes(this,
                        "AppImageRepository", software.amazon.awscdk.services.ecr.RepositoryAttributes.builder()
                                .repositoryName(pushed.repository())
                                .repositoryArn("arn:" + Aws.PARTITION + ":ecr:" + pushed.registry().region() + ":"
                                        + pushed.registry().account() + ":repository/" + pushed.repository())
                                .build());
                return ContainerImage.fromEcrRepository(repository, pushed.digest());
            }
            return ContainerImage.fromRegistry(registry.reference());
        }
        ImageSource.Directory directory = (ImageSource.Directory) image;
        // Build for the task's platform, whatever the workstation's architecture.
        return ContainerImage.fromAsset(directory.path().toString(), AssetImageProps.builder()
                .platform(architecture == CpuArchitecture.ARM64 ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64)
                .build());
    }
}
