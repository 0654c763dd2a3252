package dev.goaws.maven;

import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.DeployGoals;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows what a deploy would change: the cdk CLI's diff of the synthesized stacks against the deployed ones, a
 * summary line per stack with IAM and security-group widenings called out, and the monthly cost estimate before
 * and after. Changes nothing in AWS. With {@code goaws.failOnChanges=true} it is a gate for CI: the build fails
 * when any stack would change.
 */
@Mojo(name = "diff", threadSafe = true)
public class DiffMojo extends AbstractCdkMojo {

    /**
     * Comma-separated stacks to diff ({@code vpc}, {@code table}, {@code container}); default: all three. The
     * container stack needs an image ({@code goaws.image} or a {@code goaws:build-app} context).
     */
    @Parameter(property = "goaws.stacks", defaultValue = "vpc,table,container")
    protected String stacks;

    /**
     * Fail the build when a deploy would change anything in the diffed stacks: a review or drift gate for CI.
     * {@code false} only reports.
     */
    @Parameter(property = "goaws.failOnChanges", defaultValue = "false")
    protected boolean failOnChanges;

    @Override
    protected void run() {
        DeployGoals.diff(deployRequest(settings()), StackKind.listOf(stacks), failOnChanges);
    }
}
