package dev.goaws.maven;

import dev.goaws.core.deploy.DeployGoals;
import org.apache.maven.plugins.annotations.Mojo;

/** Runs {@code cdk bootstrap} once for the target account and region (the CDK's asset bucket, roles, ECR repo). */
@Mojo(name = "bootstrap", threadSafe = true)
public class BootstrapMojo extends AbstractCdkMojo {
    @Override
    protected void run() {
        DeployGoals.bootstrap(deployRequest(settings()));
    }
}
