package dev.goaws.maven;

import dev.goaws.core.Naming;
import dev.goaws.core.deploy.AwsTarget;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal that names the stacks or talks to AWS shares: the stacks' names, stage and tags, and where
 * they live (region, profile, endpoint, account). Credentials are never parameters: they come from the AWS
 * default chain or the profile.
 */
public abstract class AbstractTargetMojo extends AbstractGoawsMojo {

    /** Prefix of the CloudFormation stack names: the stacks are {@code <prefix>-vpc}, {@code -table}, {@code -container}. */
    @Parameter(property = "goaws.stackPrefix", defaultValue = Naming.DEFAULT_STACK_PREFIX)
    protected String stackPrefix;

    /**
     * Prefix of the SSM parameters through which the stacks find each other. With the default the VPC id is in
     * {@code /go-on-aws/vpc} and the table name in {@code /go-on-aws/table}, as in the go-on-aws book.
     */
    @Parameter(property = "goaws.parameterPrefix", defaultValue = Naming.DEFAULT_PARAMETER_PREFIX)
    protected String parameterPrefix;

    /**
     * A stage such as {@code dev} or {@code prod}: its own stacks ({@code <prefix>-dev-vpc}, ...), its own SSM
     * path ({@code <parameterPrefix>/dev/...}) and the tag {@code goaws:stage=dev} on every resource, so several
     * copies live side by side in one account from one POM. A lower-case letter, then up to 19 lower-case
     * letters, digits or '-'. Unset: no stage, the stack names and parameters without one.
     */
    @Parameter(property = "goaws.stage")
    protected String stage;

    /**
     * Tags for every stack and every resource in it, as comma-separated {@code key=value} pairs, e.g.
     * {@code team=a,cost-center=b}. CloudFormation's tag rules apply (keys 1-128, values up to 256 letters,
     * digits, spaces or {@code _ . : / = + - @}; no {@code aws:} keys).
     */
    @Parameter(property = "goaws.tags")
    protected String tags;

    /** AWS region to deploy to; default: the SDK's chain ({@code AWS_REGION}, then the profile's region). */
    @Parameter(property = "goaws.region")
    protected String region;

    /** Named profile of {@code ~/.aws/config} for credentials (and region); default: the SDK's default chain. */
    @Parameter(property = "goaws.profile")
    protected String profile;

    /**
     * Another AWS endpoint for the SDK and the cdk CLI, e.g. {@code http://127.0.0.1:4566} for moto or
     * LocalStack; default: {@code AWS_ENDPOINT_URL} if set, else AWS itself.
     */
    @Parameter(property = "goaws.endpoint")
    protected String endpoint;

    /** The 12-digit account the credentials must belong to: a guard against deploying into the wrong one. */
    @Parameter(property = "goaws.account")
    protected String account;

    /** The stacks' names, validated. */
    protected Naming naming() {
        return new Naming(stackPrefix, parameterPrefix, stage, Naming.parseTags(tags));
    }

    /** The AWS target named by the parameters; nothing is called yet. */
    protected AwsTarget target() {
        return AwsTarget.of(region, profile, endpoint, account, System.getenv());
    }
}
