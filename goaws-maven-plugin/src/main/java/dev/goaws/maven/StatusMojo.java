package dev.goaws.maven;

import dev.goaws.core.deploy.DeployGoals;
import java.io.File;
import dev.goaws.core.local.LocalStatus;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows each stack: deployed or not, its CloudFormation status and last update, its outputs and the SSM
 * parameters it published; then what the configured architecture costs a month in the target's region, estimated
 * from the synthesized templates. Changes nothing in AWS. With {@code goaws.local=true}: the local cloud of this
 * project instead ({@code goaws:up}): its processes, the service's tasks, restarts and last events, the table's
 * last save.
 */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractCdkMojo {
    /**
     * Also append the status and the cost estimate as Markdown to this file, e.g. {@code $GITHUB_STEP_SUMMARY} in
     * GitHub Actions (the run's page shows it). Unset: the log only.
     */
    @Parameter(property = "goaws.summaryFile")
    protected File summaryFile;

    /** Show the local cloud ({@code goaws:up} in this project) instead of the deployed stacks. */
    @Parameter(property = "goaws.local", defaultValue = "false")
    private boolean local;

    @Override
    protected void run() {
        if (local) {
            LocalStatus.report(outputDirectory.toPath(), reporter());
            return;
        }
        DeployGoals.status(deployRequest(settings()), summaryFile == null ? null : summaryFile.toPath());
    }
}
