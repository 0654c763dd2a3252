package dev.goaws.core.deploy;

import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Strings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Where goaws deploys: an AWS account and region reached with the SDK's default chains (or a named profile),
 * optionally through another endpoint (moto, LocalStack). {@link #connect()} proves it before any CLI runs.
 */
public record AwsTarget(String region, String profile, URI endpoint, String expectedAccount,
        boolean localCredentials) {

    /** Short, bounded calls: an endpoint that does not answer fails in seconds, not after minutes of retries. */
    private static final String LOCAL_KEY = "test";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    /** Builds the target from the plugin's parameters and, for the endpoint, {@code AWS_ENDPOINT_URL}. */
    public static AwsTarget of(String region, String profile, String endpoint, String account,
            Map<String, String> environment) {
        String url = Strings.blankToNull(endpoint) != null ? endpoint : Strings.blankToNull(environment.get("AWS_ENDPOINT_URL"));
        URI uri = null;
        if (url != null) {
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("goaws.endpoint", "'" + url + "' is not a URL; use e.g."
                        + " http://127.0.0.1:4566");
            }
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new InvalidSettingException("goaws.endpoint", "'" + url + "' must be an http(s) URL with a host,"
                        + " e.g. http://127.0.0.1:4566");
            }
        }
        String acct = Strings.blankToNull(account);
        if (acct != null && !acct.matches("\\d{12}")) {
            throw new InvalidSettingException("goaws.account", "'" + account + "' is not a 12-digit AWS account id.");
        }
        return new AwsTarget(Strings.blankToNull(region), Strings.blankToNull(profile), uri, acct, false);
    }

    /**
     * The same target with the emulator's throwaway credentials ({@code test}/{@code test}) for the SDK and
     * the CLI: the local cloud needs no AWS credentials at all. Only for an endpoint override.
     */
    public AwsTarget withLocalCredentials() {
        if (endpoint == null) {
            throw new IllegalStateException("local credentials are for an emulator endpoint only");
        }
        return new AwsTarget(region, profile, endpoint, expectedAccount, true);
    }

    /** True when deploying to an emulator rather than AWS itself. */
    public boolean emulated() {
        return endpoint != null;
    }

    /** Resolves credentials, region and account, or says precisely which one is missing. */
    public AwsSession connect() throws DeployException {
        AwsCredentialsProvider credentials = localCredentials
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCAL_KEY, LOCAL_KEY))
                : profile != null ? ProfileCredentialsProvider.create(profile)
                : DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new DeployException("No AWS credentials found" + (profile != null ? " for profile '" + profile + "'"
                    : "") + ". Provide them the way the AWS CLI takes them: -Dgoaws.profile=<profile> (or"
                    + " AWS_PROFILE), 'aws sso login', or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY. (" + e.getMessage()
                    + ")", e);
        }
        Region resolvedRegion = resolveRegion();
        String account = callerAccount(credentials, resolvedRegion);
        if (expectedAccount != null && !expectedAccount.equals(account)) {
            throw new DeployException("The credentials belong to account " + account + ", but goaws.account is "
                    + expectedAccount + ". Switch credentials (profile) or correct goaws.account.");
        }
        return new AwsSession(this, credentials, resolvedRegion, account);
    }

    private Region resolveRegion() throws DeployException {
        if (region != null) {
            return Region.of(region);
        }
        try {
            return profile != null
                    ? new AwsProfileRegionProvider(null, profile).getRegion()
                    : DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new DeployException("No AWS region configured. Set -Dgoaws.region=<region> (e.g. eu-central-1),"
                    + " AWS_REGION, or a region in your AWS profile.", e);
        }
    }

    private String callerAccount(AwsCredentialsProvider credentials, Region resolvedRegion) throws DeployException {
        try (StsClient sts = configure(StsClient.builder(), credentials, resolvedRegion).build()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            return identity.account();
        } catch (SdkClientException e) {
            throw new DeployException("Cannot reach AWS STS at " + describeEndpoint(resolvedRegion) + ": "
                    + rootMessage(e) + (endpoint != null ? ". Is the emulator at goaws.endpoint running?"
                    : ". Check the network and proxy settings."), e);
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            throw new DeployException("AWS refused the credentials (" + e.awsErrorDetails().errorCode() + "): "
                    + e.awsErrorDetails().errorMessage() + ". Refresh them (e.g. 'aws sso login') and retry.", e);
        }
    }

    String describeEndpoint(Region resolvedRegion) {
        return endpoint != null ? endpoint.toString() : "the " + resolvedRegion.id() + " endpoint";
    }

    <B extends AwsClientBuilder<B, ?>> B configure(AwsClientBuilder<B, ?> builder,
            AwsCredentialsProvider credentials, Region resolvedRegion) {
        B b = builder.credentialsProvider(credentials).region(resolvedRegion)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(CALL_TIMEOUT)
                        .apiCallAttemptTimeout(Duration.ofSeconds(8))
                        .retryStrategy(RetryMode.STANDARD)
                        .build());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(CALL_TIMEOUT));
        }
        return b;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? e.getMessage() : e.getMessage() + " (" + t.getClass().getSimpleName() + ": "
                + t.getMessage() + ")";
    }

    /** A target proven reachable: the account behind the credentials, the region, SDK clients for it. */
    public record AwsSession(AwsTarget target, AwsCredentialsProvider credentials, Region region, String account) {

        public SsmClient ssm() {
            return target.configure(SsmClient.builder(), credentials, region).build();
        }

        public software.amazon.awssdk.services.ecr.EcrClient ecr() {
            return target.configure(software.amazon.awssdk.services.ecr.EcrClient.builder(), credentials, region)
                    .build();
        }

        public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb() {
            return target.configure(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), credentials,
                    region).build();
        }

        public software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secretsManager() {
            return target.configure(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder(),
                    credentials, region).build();
        }

        public software.amazon.awssdk.services.ecs.EcsClient ecs() {
            return target.configure(software.amazon.awssdk.services.ecs.EcsClient.builder(), credentials, region)
                    .build();
        }

        public software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client loadBalancing() {
            return target.configure(software.amazon.awssdk.services.elasticloadbalancingv2
                    .ElasticLoadBalancingV2Client.builder(), credentials, region).build();
        }

        public software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient logs() {
            return target.configure(software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.builder(),
                    credentials, region).build();
        }

        public software.amazon.awssdk.services.iam.IamClient iam() {
            return target.configure(software.amazon.awssdk.services.iam.IamClient.builder(), credentials, region)
                    .build();
        }

        public CloudFormationClient cloudFormation() {
            return target.configure(CloudFormationClient.builder(), credentials, region).build();
        }

        /** {@code aws://<account>/<region>}, as {@code cdk bootstrap} takes it. */
        public String environment() {
            return "aws://" + account + "/" + region.id();
        }

        /**
         * What the cdk CLI needs to reach the same account and region. Credentials themselves are never put in
         * the environment here: the CLI resolves them through the same chain (or profile) as the SDK did.
         */
        public Map<String, String> cliEnvironment() {
            Map<String, String> env = new HashMap<>();
            env.put("AWS_REGION", region.id());
            env.put("AWS_DEFAULT_REGION", region.id());
            if (target.profile() != null) {
                env.put("AWS_PROFILE", target.profile());
            }
            if (target.endpoint() != null) {
                env.put("AWS_ENDPOINT_URL", target.endpoint().toString());
            }
            if (target.localCredentials()) {
                env.put("AWS_ACCESS_KEY_ID", LOCAL_KEY);
                env.put("AWS_SECRET_ACCESS_KEY", LOCAL_KEY);
                env.put("AWS_SESSION_TOKEN", null);
                env.put("AWS_PROFILE", null);
            }
            // Plain lines in the Maven log, no colour escapes.
            env.put("FORCE_COLOR", "0");
            env.put("NO_COLOR", "1");
            return env;
        }
    }

}
