package dev.goaws.maven;

import dev.goaws.core.deploy.DeployException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;

/** Runs {@code cdk bootstrap} once for the target account and region (the CDK's asset bucket, roles, ECR repo). */
@Mojo(name = "bootstrap", threadSafe = true)
public class BootstrapMojo extends AbstractAwsMojo {
    @Override
    public void execute() throws MojoExecutionException {
        var settings = settings();
        var aws = connect();
        try {
            deployment(settings, synthesize(settings), aws).bootstrap();
        } catch (DeployException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
