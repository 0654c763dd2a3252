package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.CliSettings;
import dev.goaws.core.deploy.DeployGoals;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the goals that run the cdk CLI share (deploy, diff, destroy, bootstrap, status): which CLI and how it
 * deploys. The AWS target comes from {@link AbstractTargetMojo}.
 */
public abstract class AbstractCdkMojo extends AbstractStacksMojo {

    /** Version of npm's {@code aws-cdk} to install (into the local Maven repository) when none on the PATH fits. */
    @Parameter(property = "goaws.cdkVersion", defaultValue = CliSettings.DEFAULT_VERSION)
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

    /** How to find and run the cdk CLI; pinned versions are installed beside the local Maven repository. */
    protected CliSettings cliSettings() {
        Path cache = Path.of(session.getRepositorySession().getLocalRepository().getBasedir().getPath(),
                "dev", "goaws", "cdk-cli");
        return new CliSettings(cdkExecutable, cdkVersion, cdkFromPath, cache, session.isOffline(), requireApproval,
                deployMethod, bootstrap, hotswap());
    }

    /** Whether this goal hotswaps (only the deploy goals offer {@code goaws.hotswap}). */
    protected boolean hotswap() {
        return false;
    }

    /** The request of the deploy-side core entry points ({@link DeployGoals}). */
    protected DeployGoals.Request deployRequest(GoawsSettings settings) {
        return new DeployGoals.Request(settings, target(), cliSettings(), outputDirectory.toPath(), assemblies(),
                reporter());
    }
}
