package dev.goaws.maven;

import dev.goaws.core.image.AppBuild;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.image.ClassDataTraining;
import dev.goaws.core.engine.DockerDaemon;
import dev.goaws.core.engine.ContainerEngine;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Packages the app into a container image context, {@code target/goaws/dist}: the app as a jar plus
 * {@code lib/} (dependencies split out of a shaded jar, so they form their own image layer), its assets and a
 * Dockerfile (JRE 17, non-root user, container-aware JVM flags, {@code EXPOSE} of the port).
 *
 * <p>With a Docker daemon, deploy-container builds that directory as a CDK image asset. Without one (Jib mode)
 * the same image can be built here with no Docker at all: {@code -Dgoaws.push=true} (or a
 * {@code goaws.imageRepository}) pushes it to ECR — of the account and region of {@code goaws.profile},
 * {@code goaws.region} and {@code goaws.endpoint} — or another registry and prints its digest reference;
 * {@code goaws.imageTar} writes an OCI tarball.
 */
@Mojo(name = "build-app", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class BuildAppMojo extends AbstractAppMojo {

    /** In Jib mode, push the image now and print its {@code @sha256:} reference. */
    @Parameter(property = "goaws.push", defaultValue = "false")
    private boolean push;

    /** Also write the image as an OCI tarball to this file (any mode; needs no Docker). */
    @Parameter(property = "goaws.imageTar")
    private File imageTar;

    /**
     * Opt-in: an AppCDS archive trained in the image (Jib mode). The image is run once by the container engine
     * ({@code goaws.containerEngine}: podman or Docker, needed at build time), the training paths are requested,
     * and the archive the JVM writes as it stops becomes the image's top layer, mapped at every start: measured
     * on the sample app at 0.25 vCPU, a third less start-up time and CPU. Needs a base image pinned by digest or
     * a {@code tar://} image (an archive fits only the JRE that wrote it, so whoever patches the JRE rebuilds the
     * image, which retrains it) and an app that starts without its backends: the training run gets the task's
     * environment names with a throwaway login, no AWS credentials and every AWS endpoint closed. A stale archive is ignored by
     * the JVM with a warning: the app still starts, only slower.
     */
    @Parameter(property = "goaws.classDataSharing", defaultValue = "false")
    private boolean classDataSharing;

    /** The paths the training run requests (GET, any status), separated by commas; default: {@code /} and the health check's. */
    @Parameter(property = "goaws.classDataTrainingPaths")
    private String classDataTrainingPaths;

    /** How often the training run requests each path. */
    @Parameter(property = "goaws.classDataTrainingRequests", defaultValue = "200")
    private int classDataTrainingRequests;

    @Override
    protected void run() {
        // ECR of the configured target (profile, region, endpoint), connected only when ECR is pushed to.
        AppBuild.run(new AppBuild.Request(appInput(), imageConfig(), imageRequest(), push,
                imageTar == null ? null : imageTar.toPath(), outputDirectory.toPath(), () -> target().connect().ecr(),
                DockerDaemon::isReachable, classDataSharing ? this::classDataTraining : null, reporter()));
    }

    private ClassDataTraining.Settings classDataTraining() {
        List<String> paths = classDataTrainingPaths == null || classDataTrainingPaths.isBlank()
                ? Stream.of("/", healthCheckPath).distinct().toList()
                : Stream.of(classDataTrainingPaths.split(",")).map(String::trim).toList();
        ClassDataTraining.requireTrainingInput(paths, classDataTrainingRequests); // before probing for an engine
        ContainerEngine engine = ContainerEngine.detect(containerEngine, containerArgs()).orElseThrow(() ->
                new InvalidSettingException("goaws.classDataSharing", "the training run needs a container engine"
                        + " at build time and none answers (goaws.containerEngine=" + containerEngine + "). Install"
                        + " podman (and runc), start Docker, or set goaws.classDataSharing=false."));
        // The training run calls no AWS API: any region will do when none is configured.
        return new ClassDataTraining.Settings(engine, paths, classDataTrainingRequests, TRAINING_START_TIMEOUT,
                region != null && !region.isBlank() ? region : "us-east-1", settings().tableParameter());
    }

    private static final Duration TRAINING_START_TIMEOUT = Duration.ofSeconds(120);
}
