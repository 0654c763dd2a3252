package dev.goaws.maven;

import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.DeployGoals;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/** The deploy goals that include the container stack: they publish the image and may hotswap it. */
public abstract class AbstractImageDeployMojo extends AbstractImageMojo {
    /**
     * Update the running service directly instead of through CloudFormation where the cdk CLI can (a new image:
     * a new task definition revision and {@code UpdateService}), falling back to a CloudFormation deploy for
     * every other change ({@code --hotswap-fallback}). Seconds instead of minutes, but CloudFormation's template
     * is left behind (drift) until the next deploy without it: for development stages only.
     */
    @Parameter(property = "goaws.hotswap", defaultValue = "false")
    private boolean hotswap;

    /** The stacks this goal deploys, in dependency order. */
    protected abstract List<StackKind> stacks();

    @Override
    protected boolean hotswap() {
        return hotswap;
    }

    @Override
    protected void run() {
        DeployGoals.deploy(deployRequest(settings()), stacks(), imageRequest());
    }
}
