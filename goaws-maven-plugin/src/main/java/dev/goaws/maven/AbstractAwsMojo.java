package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.CdkCli;
import dev.goaws.core.deploy.CliVersion;
import dev.goaws.core.deploy.DeployException;
import dev.goaws.core.deploy.Deployment;
import dev.goaws.core.deploy.Reporter;
import dev.goaws.core.synth.Assembly;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the goals that talk to AWS share: where to deploy (region, profile, endpoint, account) and how to run
 * the cdk CLI. Credentials are never parameters: they come from the AWS default chain or the profile.
 */
public abstract class AbstractAwsMojo extends AbstractGoawsMojo {
    /** The cdk CLI version goaws installs when no suitable {@code cdk} is on the PATH. */
    public static final String DEFAULT_CDK_VERSION = "2.1148.1";

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

    /** Version of npm's {@code aws-cdk} to install (into the local Maven repository) when none on the PATH fits. */
    @Parameter(property = "goaws.cdkVersion", defaultValue = DEFAULT_CDK_VERSION)
    protected String cdkVersion;

    /**
     * Use a {@code cdk} found on the PATH when it can read the assembly. {@code false} always uses the pinned
     * {@code cdkVersion} (installed once into the local Maven repository), for builds that must be reproducible.
     */
    @Parameter(property = "goaws.cdkFromPath", defaultValue = "true")
    protected boolean cdkFromPath;

    /** A specific cdk CLI executable to use instead of the PATH's or an installed one. */
    @Parameter(property = "goaws.cdkExecutable")
    protected String cdkExecutable;

    /** Run {@code cdk bootstrap} when the target environment is not bootstrapped yet, instead of failing. */
    @Parameter(property = "goaws.bootstrap", defaultValue = "false")
    protected boolean bootstrap;

    /**
     * The CLI's approval of security-relevant changes: {@code never}, {@code any-change} or {@code broadening}.
     * goaws runs the CLI without a terminal, so with the latter two a deploy that would need approval fails
     * instead of asking: a gate that makes IAM or security-group widenings a deliberate, reviewed step.
     */
    @Parameter(property = "goaws.requireApproval", defaultValue = "never")
    protected String requireApproval;

    /**
     * {@code change-set} or {@code direct}. Default: change sets against AWS (reviewable, the CLI's default),
     * direct against an emulator endpoint (moto mishandles change-set updates).
     */
    @Parameter(property = "goaws.deployMethod")
    protected String deployMethod;

    /** The AWS target named by the parameters; nothing is called yet. */
    protected AwsTarget target() throws MojoExecutionException {
        try {
            return AwsTarget.of(region, profile, endpoint, account, System.getenv());
        } catch (DeployException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    protected AwsTarget.AwsSession connect() throws MojoExecutionException {
        AwsTarget target = target();
        getLog().info("Connecting to AWS" + (target.emulated() ? " at " + target.endpoint() : ""));
        try {
            AwsTarget.AwsSession session = target.connect();
            getLog().info("Account " + session.account() + ", region " + session.region().id());
            return session;
        } catch (DeployException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    protected Deployment deployment(GoawsSettings settings, Assembly assembly, AwsTarget.AwsSession aws)
            throws MojoExecutionException {
        Deployment.Method method = deployMethod(aws.target());
        if (!java.util.Set.of("never", "any-change", "broadening").contains(requireApproval)) {
            throw new MojoExecutionException("Invalid goaws configuration <requireApproval> (-Dgoaws.requireApproval):"
                    + " '" + requireApproval + "'. Allowed: never, any-change, broadening.");
        }
        CliVersion pinned = CliVersion.find(cdkVersion).orElseThrow(() -> new MojoExecutionException(
                "Invalid goaws configuration <cdkVersion> (-Dgoaws.cdkVersion): '" + cdkVersion
                        + "' is not a version such as " + DEFAULT_CDK_VERSION + "."));
        Path cache = Path.of(session.getRepositorySession().getLocalRepository().getBasedir().getPath(),
                "dev", "goaws", "cdk-cli");
        try {
            CdkCli cli = CdkCli.provide(new CdkCli.Provisioning(cdkExecutable, pinned, cache, session.isOffline(),
                    cdkFromPath, aws.cliEnvironment()), assembly.minimumCliVersion() == null ? null
                    : CliVersion.parse(assembly.minimumCliVersion()), reporter());
            getLog().info("cdk CLI " + cli.version() + " (" + cli.executable() + ")");
            return new Deployment(settings, assembly, aws, cli, new Deployment.Options(bootstrap, requireApproval,
                    method, outputDirectory.toPath().resolve("outputs.json")), reporter());
        } catch (DeployException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    private Deployment.Method deployMethod(AwsTarget target) throws MojoExecutionException {
        if (deployMethod == null || deployMethod.isBlank()) {
            return target.emulated() ? Deployment.Method.DIRECT : Deployment.Method.CHANGE_SET;
        }
        for (Deployment.Method m : Deployment.Method.values()) {
            if (m.cli().equals(deployMethod.trim())) {
                return m;
            }
        }
        throw new MojoExecutionException("Invalid goaws configuration <deployMethod> (-Dgoaws.deployMethod): '"
                + deployMethod + "'. Allowed: change-set, direct.");
    }

    protected Reporter reporter() {
        return new Reporter() {
            @Override
            public void info(String line) {
                getLog().info(line);
            }

            @Override
            public void warn(String line) {
                getLog().warn(line);
            }
        };
    }
}
