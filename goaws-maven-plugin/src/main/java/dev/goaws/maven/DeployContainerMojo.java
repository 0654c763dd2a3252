package dev.goaws.maven;

import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.DeployGoals;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deploys the container stack with the cdk CLI: publishes the image (see {@code imageBuilder}), synthesizes
 * in-process, checks credentials, region, bootstrap and prerequisite stacks, then runs
 * {@code cdk deploy <prefix>-container --exclusively}.
 */
@Mojo(name = "deploy-container", threadSafe = true)
public class DeployContainerMojo extends AbstractImageMojo {
    /**
     * Update the running service directly instead of through CloudFormation where the cdk CLI can (a new image:
     * a new task definition revision and {@code UpdateService}), falling back to a CloudFormation deploy for
     * every other change ({@code --hotswap-fallback}). Seconds instead of minutes, but CloudFormation's template
     * is left behind (drift) until the next deploy without it: for development stages only.
     */
    @Parameter(property = "goaws.hotswap", defaultValue = "false")
    private boolean hotswap;

    @Override
    protected boolean hotswap() {
        return hotswap;
    }

    @Override
    protected void run() {
        DeployGoals.deploy(deployRequest(settings()), List.of(StackKind.CONTAINER), imageRequest());
    }
}
