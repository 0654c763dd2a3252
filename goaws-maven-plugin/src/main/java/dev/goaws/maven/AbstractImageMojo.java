package dev.goaws.maven;

import dev.goaws.core.Workspace;

import dev.goaws.core.image.ImageBuilderMode;
import dev.goaws.core.image.ImagePublisher;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return new ImagePublisher.Request(imageDirectory.toPath(), ImageBuilderMode.parse(imageBuilder), image,
                imageRepository, allowInsecureRegistries, jibCache == null ? null : jibCache.toPath(),
                new Workspace(outputDirectory.toPath()).jibCache(), dockerConfig());
    }

    /** Registry logins for non-ECR registries, where the Docker CLI keeps them; none if there is no such file. */
    private static Path dockerConfig() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path config = dir != null ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        return Files.isRegularFile(config) ? config : null;
    }
}
