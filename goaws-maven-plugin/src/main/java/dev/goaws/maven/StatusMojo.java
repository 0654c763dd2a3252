package dev.goaws.maven;

import dev.goaws.core.deploy.DeployGoals;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows each stack: deployed or not, its CloudFormation status and last update, its outputs and the SSM
 * parameters it published; then what the configured architecture costs a month in the target's region, estimated
 * from the synthesized templates. Changes nothing in AWS.
 */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractCdkMojo {
    /**
     * Also append the status and the cost estimate as Markdown to this file, e.g. {@code $GITHUB_STEP_SUMMARY} in
     * GitHub Actions (the run's page shows it). Unset: the log only.
     */
    @Parameter(property = "goaws.summaryFile")
    protected File summaryFile;

    @Override
    protected void run() {
        DeployGoals.status(deployRequest(settings()), summaryFile == null ? null : summaryFile.toPath());
    }
}
