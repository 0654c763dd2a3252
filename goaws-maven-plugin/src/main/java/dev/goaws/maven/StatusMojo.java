package dev.goaws.maven;

import dev.goaws.core.deploy.DeployGoals;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Shows each stack: deployed or not, its CloudFormation status and last update, its outputs and the SSM
 * parameters it published. Reads only; synthesizes nothing.
 */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractAwsMojo {
    @Override
    protected void run() {
        DeployGoals.status(deployRequest(settings()));
    }
}
