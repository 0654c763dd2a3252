package dev.goaws.maven;

import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.DeployGoals;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Destroys the stacks with {@code cdk destroy --force}: container, then table, then vpc, whatever order they are
 * named in. Stacks that are not deployed are skipped. The DynamoDB table and its data are kept unless
 * {@code goaws.destroyData=true}.
 */
@Mojo(name = "destroy", threadSafe = true)
public class DestroyMojo extends AbstractCdkMojo {

    /** Comma-separated stacks to destroy ({@code vpc}, {@code table}, {@code container}); default: all three. */
    @Parameter(property = "goaws.stacks", defaultValue = "container,table,vpc")
    protected String stacks;

    /** Also delete the DynamoDB table and all its data (default: the table survives its stack). */
    @Parameter(property = "goaws.destroyData", defaultValue = "false")
    protected boolean destroyData;

    @Override
    protected boolean retainData() {
        return !destroyData;
    }

    @Override
    protected void run() {
        DeployGoals.destroy(deployRequest(settings()), StackKind.listOf(stacks));
    }
}
