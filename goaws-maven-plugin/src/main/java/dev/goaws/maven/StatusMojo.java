package dev.goaws.maven;

import dev.goaws.core.deploy.StackReader;
import dev.goaws.core.deploy.StackStatus;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Shows each stack: deployed or not, its CloudFormation status and last update, its outputs and the SSM
 * parameters it published. Reads only; synthesizes nothing.
 */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractAwsMojo {

    @Override
    public void execute() throws MojoExecutionException {
        var settings = settings();
        var aws = connect();
        for (StackStatus stack : new StackReader(settings, aws).status()) {
            if (!stack.deployed()) {
                getLog().info(stack.stackName() + ": not deployed");
            } else {
                getLog().info(stack.stackName() + ": " + stack.status() + " (last update " + stack.lastUpdated() + ")");
                stack.outputs().forEach((k, v) -> getLog().info("  output    " + k + " = " + v));
            }
            stack.parameters().forEach((k, v) -> getLog().info("  parameter " + k + " = " + v));
        }
    }
}
