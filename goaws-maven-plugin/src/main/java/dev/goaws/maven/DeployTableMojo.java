package dev.goaws.maven;

import dev.goaws.core.StackKind;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Deploys the table stack with the cdk CLI: synthesizes in-process, checks credentials, region, bootstrap and
 * prerequisite stacks, then runs {@code cdk deploy <prefix>-table --exclusively}.
 */
@Mojo(name = "deploy-table", threadSafe = true)
public class DeployTableMojo extends AbstractDeployMojo {
    @Override
    protected List<StackKind> stacks() {
        return List.of(StackKind.TABLE);
    }
}
