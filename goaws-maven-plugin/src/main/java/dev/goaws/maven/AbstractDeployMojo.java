package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployException;
import dev.goaws.core.deploy.StackReader;
import dev.goaws.core.synth.Assembly;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;

/** Synthesize, check what AWS can answer quickly, then {@code cdk deploy} the goal's stacks. */
abstract class AbstractDeployMojo extends AbstractAwsMojo {

    /** The stacks this goal deploys, in dependency order. */
    protected abstract List<StackKind> stacks();

    @Override
    public void execute() throws MojoExecutionException {
        GoawsSettings settings = settings();
        if (stacks().contains(StackKind.CONTAINER) && settings.image() == null) {
            throw new MojoExecutionException("The container stack needs an image: set -Dgoaws.image=<image reference>"
                    + " (e.g. <registry>/<repository>@sha256:<digest>) or run 'mvn goaws:build-app' first.");
        }
        AwsTarget.AwsSession aws = connect();
        try {
            // Prerequisite stacks first: a missing VPC is reported in seconds, before synthesis and the CLI.
            new StackReader(settings, aws).requirePrerequisites(stacks());
            Assembly assembly = synthesize(settings);
            deployment(settings, assembly, aws).deploy(stacks());
        } catch (DeployException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
