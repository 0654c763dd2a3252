package dev.goaws.maven;

import dev.goaws.core.StackKind;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Deploys the container stack with the cdk CLI: publishes the image (see {@code imageBuilder}), synthesizes
 * in-process, checks credentials, region, bootstrap and prerequisite stacks, then runs
 * {@code cdk deploy <prefix>-container --exclusively}.
 */
@Mojo(name = "deploy-container", threadSafe = true)
public class DeployContainerMojo extends AbstractImageDeployMojo {
    @Override
    protected List<StackKind> stacks() {
        return List.of(StackKind.CONTAINER);
    }
}
