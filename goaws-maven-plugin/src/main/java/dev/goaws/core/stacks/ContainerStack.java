package dev.goaws.core.stacks;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.StackKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
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
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

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

    private final ApplicationLoadBalancedFargateService service;
    private final Secret credentials;

    public ContainerStack(Construct scope, GoawsSettings settings, ImageSource image) {
        super(scope, settings.stackName(StackKind.CONTAINER), StackProps.builder()
                .description("goaws: ALB + Fargate service running the app")
                .build());
        IVpc vpc = importVpc(settings);
        Validations.of(this).acknowledge(
                // Nothing here reads the imported subnets' route tables (no gateway endpoints): no ids needed.
                Acknowledgment.builder().id("@aws-cdk/aws-ec2:noSubnetRouteTableId")
                        .reason("The container stack never reads route tables of the imported VPC").build(),
                // The AZ names shape the imported VPC but no resource property renders them.
                Acknowledgment.builder().id("CloudFormation-Validate::W2001")
                        .reason("The imported VPC's AZ parameter is read by the construct, not rendered").build());
        String tableName = StringParameter.valueForStringParameter(this, settings.tableParameter());

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();

        // The app's Basic-auth login: generated here, never in code or image; ECS injects it at task start.
        credentials = Secret.Builder.create(this, "AppCredentials")
                .description("Basic-auth login of the goaws app")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"username\":\"" + settings.appUsername() + "\"}")
                        .generateStringKey("password")
                        .excludePunctuation(true)
                        .passwordLength(32)
                        .build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        LogGroup logs = LogGroup.Builder.create(this, "AppLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(settings.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();

        service = ApplicationLoadBalancedFargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .cpu(settings.cpu())
                .memoryLimitMiB(settings.memoryMiB())
                .desiredCount(settings.desiredCount())
                .publicLoadBalancer(true)
                .taskSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .assignPublicIp(false)
                .minHealthyPercent(100)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                        .containerName("app")
                        .image(containerImage(image))
                        .containerPort(settings.containerPort())
                        // Sorted maps: Map.of iterates in a per-JVM random order, which would churn the template.
                        .environment(new TreeMap<>(Map.of(
                                "PORT", Integer.toString(settings.containerPort()),
                                "AWS_REGION", Aws.REGION,
                                "GOAWS_TABLE_PARAMETER", settings.tableParameter())))
                        .secrets(new TreeMap<>(Map.of(
                                "GOAWS_USERNAME",
                                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(credentials, "username"),
                                "GOAWS_PASSWORD",
                                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(credentials, "password"))))
                        .logDriver(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs).streamPrefix("app").build()))
                        .build())
                .build();
        // The app answers 401 to anonymous requests: that is healthy.
        service.getTargetGroup().configureHealthCheck(HealthCheck.builder()
                .path("/")
                .healthyHttpCodes("200,401")
                .build());

        // Least privilege: Scan on this one table, GetParameter on the one parameter that names it.
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

        String dns = service.getLoadBalancer().getLoadBalancerDnsName();
        CfnOutput.Builder.create(this, OUTPUT_LOAD_BALANCER_DNS).value(dns)
                .description("DNS name of the public load balancer").build();
        CfnOutput.Builder.create(this, OUTPUT_SERVICE_URL).value("http://" + dns)
                .description("URL of the app").build();
        CfnOutput.Builder.create(this, OUTPUT_CREDENTIALS_SECRET).value(credentials.getSecretArn())
                .description("Secret with the app's login; read it with: aws secretsmanager get-secret-value"
                        + " --secret-id <this ARN> --query SecretString --output text")
                .build();
    }

    public ApplicationLoadBalancedFargateService service() {
        return service;
    }

    public Secret credentials() {
        return credentials;
    }

    private IVpc importVpc(GoawsSettings settings) {
        int azs = GoawsSettings.AVAILABILITY_ZONES;
        return Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                .vpcId(StringParameter.valueForStringParameter(this, settings.vpcIdParameter()))
                .availabilityZones(splitParameter(settings.vpcAzsParameter(), azs))
                .publicSubnetIds(splitParameter(settings.vpcPublicSubnetsParameter(), azs))
                .privateSubnetIds(splitParameter(settings.vpcPrivateSubnetsParameter(), azs))
                .build());
    }

    private List<String> splitParameter(String parameterName, int count) {
        return Fn.split(",", StringParameter.valueForStringParameter(this, parameterName), count);
    }

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>}, as goaws:build-app pushes it. */
    private static final java.util.regex.Pattern ECR_DIGEST = java.util.regex.Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([a-z0-9._/-]+)@(sha256:[a-f0-9]{64})");

    private ContainerImage containerImage(ImageSource image) {
        if (image instanceof ImageSource.Registry registry) {
            java.util.regex.Matcher ecr = ECR_DIGEST.matcher(registry.reference());
            if (ecr.matches()) {
                // A private ECR image needs pull rights: fromEcrRepository grants the execution role exactly this
                // repository (fromRegistry would grant nothing and the task could not pull).
                var repository = software.amazon.awscdk.services.ecr.Repository.fromRepositoryAttributes(this,
                        "AppImageRepository", software.amazon.awscdk.services.ecr.RepositoryAttributes.builder()
                                .repositoryName(ecr.group(3))
                                .repositoryArn("arn:" + Aws.PARTITION + ":ecr:" + ecr.group(2) + ":" + ecr.group(1)
                                        + ":repository/" + ecr.group(3))
                                .build());
                return ContainerImage.fromEcrRepository(repository, ecr.group(4));
            }
            return ContainerImage.fromRegistry(registry.reference());
        }
        ImageSource.Directory directory = (ImageSource.Directory) image;
        // Fargate's default platform is x86_64: build for it even on an ARM workstation.
        return ContainerImage.fromAsset(directory.path().toString(),
                AssetImageProps.builder().platform(Platform.LINUX_AMD64).build());
    }
}
