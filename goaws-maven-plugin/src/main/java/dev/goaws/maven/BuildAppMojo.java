package dev.goaws.maven;

import dev.goaws.core.ServiceSettings;
import dev.goaws.core.image.AppBuild;
import dev.goaws.core.image.ImageConfig;
import java.io.File;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectDependenciesResolver;

/**
 * Packages the app into a container image context, {@code target/goaws/dist}: the app as a jar plus
 * {@code lib/} (dependencies split out of a shaded jar, so they form their own image layer), its assets and a
 * Dockerfile (a JRE of {@code goaws.javaVersion}, non-root user, JVM flags for the task's size, {@code EXPOSE} of
 * the port), with the start-up cache trained at the task's size when a container engine is here.
 *
 * <p>With a Docker daemon, deploy-container builds that directory as a CDK image asset. Without one (Jib mode)
 * the same image can be built here with no Docker at all: {@code -Dgoaws.push=true} (or a
 * {@code goaws.imageRepository}) pushes it to ECR — of the account and region of {@code goaws.profile},
 * {@code goaws.region} and {@code goaws.endpoint} — or another registry and prints its digest reference;
 * {@code goaws.imageTar} writes an OCI tarball.
 *
 * <p>Its parameters are the app's, the task's shape, the start-up cache's and the image's, not the stacks': Maven
 * composes a goal's parameters from its Mojo's class chain only, so this goal declares its own copy of those it
 * shares with up and watch ({@link AppPackaging} holds the one logic; {@code PluginDescriptorTest} checks that the
 * copies describe each parameter alike).
 */
@Mojo(name = "build-app", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class BuildAppMojo extends AbstractTargetMojo {

    /** In Jib mode, push the image now and print its {@code @sha256:} reference. */
    @Parameter(property = "goaws.push", defaultValue = "false")
    private boolean push;

    /** Also write the image as an OCI tarball to this file (any mode; needs no Docker). */
    @Parameter(property = "goaws.imageTar")
    private File imageTar;

    // The app group: AbstractAppMojo's for up and watch.
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
     * JVM options of the container's {@code java} command, separated by spaces. Default: {@code
     * -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError}, plus {@code -XX:TieredStopAtLevel=1} (C1 only) when
     * {@code goaws.cpu} is below 1024 (one vCPU); see {@code ImageConfig.defaultJvmFlags}.
     */
    @Parameter(property = "goaws.jvmFlags")
    private String jvmFlags;

    /** The numeric, non-root {@code uid[:gid]} the app runs as. */
    @Parameter(property = "goaws.imageUser", defaultValue = ImageConfig.DEFAULT_USER)
    private String imageUser;

    // The task's shape (AbstractStacksMojo's for the goals that synthesize): the image's port and JVM flags, the
    // training run's limits and requests.
    /** Port the app listens on inside the container; the app gets it as {@code PORT}. */
    @Parameter(property = "goaws.containerPort", defaultValue = "" + ServiceSettings.DEFAULT_CONTAINER_PORT)
    private int containerPort;

    /** Fargate CPU units of a task: 256, 512, 1024, 2048, 4096, 8192 or 16384 (1024 = 1 vCPU). */
    @Parameter(property = "goaws.cpu", defaultValue = "" + ServiceSettings.DEFAULT_CPU)
    private int cpu;

    /** Memory of a task in MiB; must be a size Fargate offers for {@code cpu} (e.g. 512-2048 for 256). */
    @Parameter(property = "goaws.memory", defaultValue = "" + ServiceSettings.DEFAULT_MEMORY_MIB)
    private int memory;

    /**
     * Path of the load balancer's health check. Responses 200 and 401 count as healthy (the app protects
     * {@code /} with Basic auth).
     */
    @Parameter(property = "goaws.healthCheckPath", defaultValue = ServiceSettings.DEFAULT_HEALTH_CHECK_PATH)
    private String healthCheckPath;

    // The start-up cache and the engine that trains it: UpMojo's.
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

    /** {@code auto} (podman, else a running Docker daemon), {@code podman}, {@code docker}, a path, or {@code none}. */
    @Parameter(property = "goaws.containerEngine", defaultValue = "auto")
    private String containerEngine;

    /**
     * Extra flags for the engine's {@code run}, separated by spaces, for what this host needs beyond the detected
     * ones (podman gets explicit ulimits, and {@code --runtime runc} on hybrid cgroups), e.g.
     * {@code --cgroup-manager=cgroupfs}.
     */
    @Parameter(property = "goaws.containerArgs")
    private String containerArgs;

    // The image group: AbstractStacksMojo's and AbstractImageMojo's for the deploy goals.
    /**
     * A pushed container image to run, e.g. {@code 123456789012.dkr.ecr.eu-central-1.amazonaws.com/app@sha256:...}.
     * When set, {@code imageDirectory} is ignored.
     */
    @Parameter(property = "goaws.image")
    private String image;

    /**
     * A Docker build context (with a Dockerfile) that the cdk CLI builds and pushes at deploy time, as
     * {@code goaws:build-app} produces it. Used when {@code image} is not set and the directory exists.
     */
    @Parameter(property = "goaws.imageDirectory", defaultValue = "${project.build.directory}/goaws/dist")
    private File imageDirectory;

    /**
     * Who builds the image: {@code docker} (the cdk CLI, at deploy time; needs a running daemon), {@code jib}
     * (goaws itself, no Docker), or unset: docker when a daemon answers, else jib.
     */
    @Parameter(property = "goaws.imageBuilder")
    private String imageBuilder;

    /**
     * Where Jib pushes: {@code <registry>/<repository>[:tag]}. Default: the CDK bootstrap's ECR repository
     * {@code cdk-hnb659fds-container-assets-<account>-<region>}. Setting it implies {@code push}.
     */
    @Parameter(property = "goaws.imageRepository")
    private String imageRepository;

    /** Allow plain-HTTP registries: for a local test registry only. */
    @Parameter(property = "goaws.allowInsecureRegistries", defaultValue = "false")
    private boolean allowInsecureRegistries;

    /** Jib's cache of base image layers; default: Jib's user cache, shared across projects. */
    @Parameter(property = "goaws.jibCache")
    private File jibCache;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Component
    private ProjectDependenciesResolver dependenciesResolver;

    @Component
    private ProjectBuilder projectBuilder;

    @Override
    protected void run() {
        AppBuild.run(AppPackaging.buildRequest(
                AppPackaging.Goal.of(this, project, projectBuilder, dependenciesResolver),
                new AppPackaging.App(appJar, appModule, mainClass, appAssets, baseImage, javaVersion, jdkHome,
                        jvmFlags, imageUser),
                new AppPackaging.Task(containerPort, cpu, memory, healthCheckPath),
                new AppPackaging.StartupCache(startupCache, classDataSharing, classDataTrainingPaths,
                        classDataTrainingRequests, containerEngine, containerArgs),
                new AppPackaging.Image(imageDirectory, imageBuilder, image, imageRepository, allowInsecureRegistries,
                        jibCache),
                push, imageTar == null ? null : imageTar.toPath()));
    }
}
