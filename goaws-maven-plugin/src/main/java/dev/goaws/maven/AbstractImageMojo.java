package dev.goaws.maven;

import dev.goaws.core.image.ImagePublisher;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/** What the goals that build or deploy the app's image add: who builds it and where Jib pushes it. */
public abstract class AbstractImageMojo extends AbstractCdkMojo {

    /**
     * Who builds the image: {@code docker} (the cdk CLI, at deploy time; needs a running daemon), {@code jib}
     * (goaws itself, no Docker), or unset: docker when a daemon answers, else jib.
     */
    @Parameter(property = "goaws.imageBuilder")
    protected String imageBuilder;
    /**
     * Where Jib pushes: {@code <registry>/<repository>[:tag]}. Default: the CDK bootstrap's ECR repository
     * {@code cdk-hnb659fds-container-assets-<account>-<region>}. Setting it implies {@code push}.
     */
    @Parameter(property = "goaws.imageRepository")
    protected String imageRepository;
    /** Allow plain-HTTP registries: for a local test registry only. */
    @Parameter(property = "goaws.allowInsecureRegistries", defaultValue = "false")
    protected boolean allowInsecureRegistries;
    /** Jib's cache of base image layers; default: Jib's user cache, shared across projects. */
    @Parameter(property = "goaws.jibCache")
    protected File jibCache;


    /** How {@code imageDirectory} becomes an image. */
    protected ImagePublisher.Request imageRequest() {
        return imageParameters().request(outputDirectory.toPath());
    }

    /** The image group's values. */
    protected AppPackaging.Image imageParameters() {
        return new AppPackaging.Image(imageDirectory, imageBuilder, image, imageRepository, allowInsecureRegistries,
                jibCache);
    }
}
