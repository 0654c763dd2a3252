package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.image.DockerDaemon;
import dev.goaws.core.image.ImageBuildException;
import dev.goaws.core.image.ImageBuilderMode;
import dev.goaws.core.image.ImagePublisher;
import java.util.Map;
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
            if (stacks().contains(StackKind.CONTAINER)) {
                settings = settings.toBuilder().image(publishImage(settings.image(), aws)).build();
            }
            Assembly assembly = synthesize(settings);
            deployment(settings, assembly, aws).deploy(stacks());
        } catch (DeployException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /**
     * A build-app directory becomes a Docker image asset when a daemon answers (the cdk CLI builds it), else an
     * image Jib builds and pushes now (no Docker at all), pinned by digest.
     */
    private ImageSource publishImage(ImageSource configured, AwsTarget.AwsSession aws) throws MojoExecutionException {
        if (!(configured instanceof ImageSource.Directory)) {
            return configured;
        }
        try {
            ImageSource published = ImagePublisher.publish(imageRequest(ImageBuilderMode.parse(imageBuilder)),
                    () -> DockerDaemon.isReachable("docker", Map.of()), aws::ecr, getLog()::info);
            getLog().info("Container image: " + (published instanceof ImageSource.Registry r ? r.reference()
                    : "Docker image asset built by the cdk CLI from " + imageDirectory));
            return published;
        } catch (ImageBuildException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (InvalidSettingException e) {
            throw invalid(e);
        }
    }
}
