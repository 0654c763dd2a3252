package dev.goaws.maven;

import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.engine.DockerDaemon;
import dev.goaws.core.image.AppBuild;
import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.ClassDataTraining;
import dev.goaws.core.image.Jdk;
import dev.goaws.core.image.JlinkBaseImage;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import dev.goaws.core.image.ImageConfig;
import java.io.File;
import java.util.function.Supplier;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectDependenciesResolver;

/** What the goals that package the app into an image share: which jar is the app, and the container around it. */
public abstract class AbstractAppMojo extends AbstractImageMojo {

    /** The app's jar. Default: this project's jar ({@code target/<finalName>.jar}, shaded or not). */
    @Parameter(property = "goaws.appJar")
    private File appJar;

    /**
     * The artifactId of a module of this build whose jar is the app, e.g. {@code sample-app} when goaws runs in
     * the parent ({@code mvn -N goaws:build-app -Dgoaws.appModule=sample-app}). Its runtime dependencies become
     * {@code lib/}.
     */
    @Parameter(property = "goaws.appModule")
    private String appModule;

    /** The class with the main method. Default: the jar manifest's {@code Main-Class}. */
    @Parameter(property = "goaws.mainClass")
    private String mainClass;

    /** Static files shipped beside the jar, to {@code /app/assets} in the image; skipped when missing. */
    @Parameter(property = "goaws.appAssets", defaultValue = "${project.basedir}/src/main/assets")
    private File appAssets;

    /**
     * The base image: a registry image of a JRE 17 or newer with {@code java} on the PATH; {@code
     * tar://<absolute path>} of an image tarball (Jib only); or {@code jlink}: a JRE base made on this machine, no
     * registry or daemon needed (Linux only; Jib only) — a {@code jlink} runtime of a local JDK
     * ({@code goaws.jdkHome}) with its CDS archive and the glibc files it links against, cached under the local
     * Maven repository ({@code dev/goaws/jlink-jre}) and made again only when that JDK or glibc changes.
     */
    @Parameter(property = "goaws.baseImage", defaultValue = ImageConfig.DEFAULT_BASE_IMAGE)
    private String baseImage;

    /**
     * The JDK a {@code goaws.baseImage=jlink} base is linked from. Default: a JDK 25 found on this machine
     * ({@code java.home}, {@code JAVA_HOME}, {@code /usr/lib/jvm}, …), else the JDK running Maven.
     */
    @Parameter(property = "goaws.jdkHome")
    private File jdkHome;

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

    /**
     * JVM options of the container's {@code java} command, separated by spaces. Default: {@code
     * -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError}, plus {@code -XX:TieredStopAtLevel=1} (C1 only) when
     * {@code goaws.cpu} is below 1024 (one vCPU); see {@code ImageConfig.defaultJvmFlags}.
     */
    @Parameter(property = "goaws.jvmFlags")
    private String jvmFlags;

    /** The numeric, non-root {@code uid[:gid]} the app runs as. */
    @Parameter(property = "goaws.imageUser", defaultValue = ImageConfig.DEFAULT_USER)
    private String imageUser;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Component
    private ProjectDependenciesResolver dependenciesResolver;

    @Component
    private ProjectBuilder projectBuilder;

    /** The app to package, resolved when asked (after the jar is built). */
    protected Supplier<AppInput> appInput() {
        var app = new MavenAppInput(session, project, projectBuilder, dependenciesResolver, getLog());
        return () -> app.resolve(appJar, appModule, mainClass, appAssets);
    }

    /** The app's jar: {@code goaws.appJar}, else this project's. */
    protected java.nio.file.Path appJarPath() {
        return appJar != null ? appJar.toPath()
                : java.nio.file.Path.of(project.getBuild().getDirectory(), project.getBuild().getFinalName() + ".jar");
    }

    /** {@code auto} (podman, else a running Docker daemon), {@code podman}, {@code docker}, a path, or {@code none}. */
    @Parameter(property = "goaws.containerEngine", defaultValue = "auto")
    protected String containerEngine;

    /**
     * Extra flags for the engine's {@code run}, separated by spaces, for what this host needs beyond the detected
     * ones (podman gets explicit ulimits, and {@code --runtime runc} on hybrid cgroups), e.g.
     * {@code --cgroup-manager=cgroupfs}.
     */
    @Parameter(property = "goaws.containerArgs")
    private String containerArgs;

    /** {@code goaws.containerArgs} as a list. */
    protected java.util.List<String> containerArgs() {
        return containerArgs == null || containerArgs.isBlank() ? java.util.List.of()
                : java.util.List.of(containerArgs.trim().split("\\s+"));
    }

    /**
     * What {@code goaws:build-app} does, for this project: the app, its container, the image's builder and, when
     * asked for, the class-data training; {@code push} and {@code imageTar} are build-app's own.
     */
    protected AppBuild.Request appBuildRequest(boolean push, java.nio.file.Path imageTar) {
        // ECR of the configured target (profile, region, endpoint), connected only when ECR is pushed to.
        return new AppBuild.Request(appInput(), imageConfig(), imageRequest(), push, imageTar, outputDirectory.toPath(),
                () -> target().connect().ecr(), DockerDaemon::isReachable,
                classDataSharing ? this::classDataTraining : null, this::jlinkSettings, reporter());
    }

    private JlinkBaseImage.Settings jlinkSettings() {
        Jdk jdk = JlinkBaseImage.selectJdk(jdkHome == null ? null : jdkHome.toPath(), null,
                System.getProperty("java.home"), System.getenv());
        return new JlinkBaseImage.Settings(jdk, java.nio.file.Path.of(
                session.getRepositorySession().getLocalRepository().getBasedir().getPath(), "dev", "goaws", "jlink-jre"));
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

    /** Base image, JVM flags, port and user of the container. */
    protected ImageConfig imageConfig() {
        return new ImageConfig(baseImage, ImageConfig.jvmFlags(jvmFlags, cpu), containerPort, imageUser);
    }
}
