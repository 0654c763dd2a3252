package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.ServiceSettings;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.engine.ContainerSpec;
import dev.goaws.core.engine.DockerDaemon;
import dev.goaws.core.image.AppBuild;
import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.ClassDataTraining;
import dev.goaws.core.image.Jdk;
import dev.goaws.core.image.JlinkBaseImage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
     * The base image: a registry image of a JRE 17 or newer with {@code java} on the PATH (default: Temurin's JRE of
     * {@code goaws.javaVersion}, {@code public.ecr.aws/docker/library/eclipse-temurin:25-jre}); {@code
     * tar://<absolute path>} of an image tarball (Jib only); or {@code jlink}: a JRE base made on this machine, no
     * registry or daemon needed (Linux only; Jib only) — a {@code jlink} runtime of a local JDK
     * ({@code goaws.jdkHome}, else one of {@code goaws.javaVersion}) with its CDS archive and the glibc files it
     * links against, cached under the local Maven repository ({@code dev/goaws/jlink-jre}) and made again only when
     * that JDK or glibc changes.
     */
    @Parameter(property = "goaws.baseImage")
    private String baseImage;

    /**
     * The Java release the image runs: 17, 21 or 25 (default 25). It picks the default base image's tag and the
     * JDK a {@code jlink} base is linked from (unset: a JDK 25 when one is installed, else the JDK running Maven).
     * The app's bytecode level is the build's own and does not change.
     */
    @Parameter(property = "goaws.javaVersion")
    private Integer javaVersion;

    /**
     * The JDK a {@code goaws.baseImage=jlink} base is linked from. Default: a JDK of {@code goaws.javaVersion} found
     * on this machine ({@code java.home}, {@code JAVA_HOME}, {@code /usr/lib/jvm}, …).
     */
    @Parameter(property = "goaws.jdkHome")
    private File jdkHome;

    /**
     * The start-up cache, trained in the image (Jib mode): the image is run once by the container engine
     * ({@code goaws.containerEngine}) at the task's CPU and memory ({@code goaws.cpu}, {@code goaws.memory}), the
     * training paths are requested, and what the JVM writes as it stops becomes the image's top layer, mapped at
     * every start — the AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) on a Java 25 base,
     * an AppCDS archive on Java 17–24. A registry base is pinned by digest for it (the digest is printed): a cache
     * fits only the JRE that wrote it. Unset (the default): made whenever it can be; without a container engine,
     * in Docker mode or when the training fails, the image is built without it and the log says why in one line.
     * {@code true}: made or the build fails. {@code false}: not made. The app must start without its backends: the
     * training run gets the task's environment names with a throwaway login, no AWS credentials and every AWS
     * endpoint closed.
     */
    @Parameter(property = "goaws.startupCache")
    private Boolean startupCache;

    /**
     * The former name of {@code goaws.startupCache} (an opt-in before it became the default): still read, with a
     * warning.
     *
     * @deprecated use {@code goaws.startupCache}
     */
    @Deprecated
    @Parameter(property = "goaws.classDataSharing")
    private Boolean classDataSharing;

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
                () -> target().connect().ecr(), DockerDaemon::isReachable, startupCacheMode(), this::training,
                this::jlinkSettings, reporter());
    }

    /** {@code goaws.startupCache}, or its former name {@code goaws.classDataSharing} (with a warning). */
    private AppBuild.StartupCacheMode startupCacheMode() {
        if (classDataSharing != null) {
            if (startupCache != null && !startupCache.equals(classDataSharing)) {
                throw new InvalidSettingException("goaws.classDataSharing", classDataSharing + " against"
                        + " goaws.startupCache=" + startupCache + ": goaws.classDataSharing is the former name of"
                        + " goaws.startupCache. Set only goaws.startupCache.");
            }
            getLog().warn("goaws.classDataSharing is now goaws.startupCache (and on by default): use"
                    + " -Dgoaws.startupCache=" + classDataSharing + ".");
            return AppBuild.StartupCacheMode.of(classDataSharing);
        }
        return AppBuild.StartupCacheMode.of(startupCache);
    }

    private JlinkBaseImage.Settings jlinkSettings() {
        Jdk jdk = JlinkBaseImage.selectJdk(jdkHome == null ? null : jdkHome.toPath(), javaVersion,
                System.getProperty("java.home"), System.getenv());
        return new JlinkBaseImage.Settings(jdk, java.nio.file.Path.of(
                session.getRepositorySession().getLocalRepository().getBasedir().getPath(), "dev", "goaws", "jlink-jre"));
    }

    /** The training run at the task's size; empty when no container engine answers. */
    private Optional<ClassDataTraining.Settings> training() {
        GoawsSettings settings = settings(); // the task's size and health check, validated
        ServiceSettings service = settings.service();
        List<String> paths = classDataTrainingPaths == null || classDataTrainingPaths.isBlank()
                ? Stream.of("/", service.healthCheckPath()).distinct().toList()
                : Stream.of(classDataTrainingPaths.split(",")).map(String::trim).toList();
        ClassDataTraining.requireTrainingInput(paths, classDataTrainingRequests); // before probing for an engine
        // The training run calls no AWS API: any region will do when none is configured.
        String trainingRegion = region != null && !region.isBlank() ? region : "us-east-1";
        String cpus = ContainerSpec.cpusOf(service.cpu());
        return ContainerEngine.detect(containerEngine, containerArgs()).map(engine -> new ClassDataTraining.Settings(
                engine, paths, classDataTrainingRequests, TRAINING_START_TIMEOUT, trainingRegion,
                settings.tableParameter(), cpus, service.memoryMiB()));
    }

    private static final Duration TRAINING_START_TIMEOUT = Duration.ofSeconds(120);

    /**
     * {@link #imageConfig()} with a {@code jlink} base made (or taken from its cache): for the goals that package
     * the app again without build-app (the watch loops).
     */
    protected ImageConfig builtImageConfig() {
        ImageConfig config = imageConfig();
        return config.jlinkBase()
                ? config.withBaseImage(ImageConfig.TAR_PREFIX + JlinkBaseImage.image(jlinkSettings(), getLog()::info))
                : config;
    }

    /** Base image, JVM flags, port and user of the container. */
    protected ImageConfig imageConfig() {
        Integer java = ImageConfig.requireJavaVersion(javaVersion);
        String base = baseImage != null && !baseImage.isBlank() ? baseImage.trim()
                : ImageConfig.defaultBaseImage(java == null ? ImageConfig.DEFAULT_JAVA_VERSION : java);
        return new ImageConfig(base, ImageConfig.jvmFlags(jvmFlags, cpu), containerPort, imageUser);
    }
}
