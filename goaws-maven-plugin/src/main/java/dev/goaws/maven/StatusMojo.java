package dev.goaws.maven;

import dev.goaws.core.deploy.DeployGoals;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Shows each stack: deployed or not, its CloudFormation status and last update, its outputs and the SSM
 * parameters it published; then what the configured architecture costs a month in the target's region, estimated
 * from the synthesized templates. Changes nothing in AWS.
 */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractCdkMojo {
    @Override
    protected void run() {
        DeployGoals.status(deployRequest(settings()));
    }
}
