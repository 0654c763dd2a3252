package dev.goaws.maven;

import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.DeployGoals;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Deploys the DynamoDB table stack with the cdk CLI (synthesize, check, {@code cdk deploy <prefix>-table
 * --exclusively}); publishes the table's name to SSM. The table is retained when its stack is destroyed.
 */
@Mojo(name = "deploy-table", threadSafe = true)
public class DeployTableMojo extends AbstractCdkMojo {
    @Override
    protected void run() {
        DeployGoals.deploy(deployRequest(settings()), List.of(StackKind.TABLE), null);
    }
}
