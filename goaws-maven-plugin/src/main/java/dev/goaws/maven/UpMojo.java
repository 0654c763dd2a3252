package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ServiceSettings;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.image.AppBuild;
import dev.goaws.core.image.BuildDecision;
import dev.goaws.core.local.LocalCloud;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * The whole architecture on this machine, no AWS account and no Docker daemon: starts a local AWS (moto, through
 * goaws's launcher) or uses {@code goaws.endpoint}, deploys the three stacks into it through the same code path
 * as a real deploy, restores the table's items saved by the last {@code goaws:down}, optionally seeds it, then
 * runs the task as deployed (read back through the ECS API) behind a local load balancer that health-checks it
 * as the target group does. With a container engine (podman, or a Docker daemon) and an image (build-app's
 * context, built here by Jib, or {@code goaws.image}) the tasks are containers with the task's CPU and memory
 * limits; otherwise the app's jar runs as a JVM, and the log says why. When build-app's context is missing or
 * older than the app's jar, up writes it first with build-app's parameters ({@code goaws.baseImage=jlink} needs
 * no registry). Runs until Ctrl-C or {@code goaws:down}, and keeps itself whole meanwhile: a task that stops is
 * replaced (ECS's service scheduler, with growing waits for a task that keeps failing), the table is saved every
 * {@code goaws.snapshotSeconds} when it changed, moto's end stops it with an error, and what it started stops
 * when Maven dies, however it dies.
 */
@Mojo(name = "up", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class UpMojo extends AbstractWatchMojo {
    /** Where the local load balancer listens on 127.0.0.1. */
    @Parameter(property = "goaws.localPort", defaultValue = "8080")
    private int localPort;

    /** Port of the local AWS (moto) on 127.0.0.1; 0 picks a free one. Ignored with {@code goaws.endpoint}. */
    @Parameter(property = "goaws.localAwsPort", defaultValue = "0")
    private int localAwsPort;

    /** The Python 3 that has moto 5 ({@code pip install "moto[server]==5.2.1"}). */
    @Parameter(property = "goaws.python", defaultValue = "python3")
    private String python;

    /** Sample items written into the table after the deploy (0: none). */
    @Parameter(property = "goaws.seedItems", defaultValue = "0")
    private int seedItems;

    /** Start with an empty table instead of the items the last {@code goaws:down} saved. */
    @Parameter(property = "goaws.fresh", defaultValue = "false")
    private boolean fresh;

    /**
     * Keep running as {@code goaws:watch} does, for the local cloud: after each change of the sources the jar is
     * rebuilt, packaged into build-app's context and built into an image by Jib, and the tasks are rolled out (new
     * ones started and health-checked before the old ones stop; one that does not get healthy leaves the old
     * ones serving). The JVM mode runs the rebuilt jar.
     */
    @Parameter(property = "goaws.watch", defaultValue = "false")
    private boolean watch;

    /** Seconds each task may take to pass the load balancer's health checks. */
    @Parameter(property = "goaws.appStartTimeout", defaultValue = "120")
    private int appStartTimeout;

    /**
     * How the tasks run: {@code auto} (containers when an engine and an image are here, else a JVM),
     * {@code container} (fail otherwise) or {@code jvm}.
     */
    @Parameter(property = "goaws.localRuntime", defaultValue = "auto")
    private String localRuntime;

    /**
     * Seconds between two saves of the local table while {@code up} runs (1 to 3600): it is saved only when it
     * changed, atomically, and restored by the next {@code up}; a crash loses at most this many seconds of writes.
     */
    @Parameter(property = "goaws.snapshotSeconds", defaultValue = "5")
    private int snapshotSeconds;

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

    // build-app's own parameters: up writes its context when it is missing or stale.
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

    @Override
    protected void run() {
        GoawsSettings settings = settings();
        LocalCloud.up(new LocalCloud.Request(
                new LocalCloud.Stacks(settings, target(), cliSettings(), assemblies(), outputDirectory.toPath()),
                new LocalCloud.Emulation(localPort, localAwsPort, python, seedItems, fresh,
                        Duration.ofSeconds(snapshotSeconds)),
                new LocalCloud.Tasks(LocalCloud.Runtime.parse(localRuntime), containerEngine,
                        ContainerEngine.parseExtraArgs(containerArgs), imageRequest(),
                        () -> AppBuild.context(buildAppRequest(settings.service()), BuildDecision.JIB),
                        appJarPath(), Duration.ofSeconds(appStartTimeout)),
                watch ? new LocalCloud.Watch(appInput(), builtImageConfig(), service -> watchRequest(service, false))
                        : null,
                reporter()));
    }

    /** build-app's request for this project's settings: what up runs when build-app's context is missing or stale. */
    private AppBuild.Request buildAppRequest(ServiceSettings service) {
        return AppPackaging.buildRequest(packagingGoal(), app(), new AppPackaging.Task(service.containerPort(),
                service.cpu(), service.memoryMiB(), service.healthCheckPath()), new AppPackaging.StartupCache(
                startupCache, classDataSharing, classDataTrainingPaths, classDataTrainingRequests, containerEngine,
                containerArgs), imageParameters(), false, null);
    }
}
