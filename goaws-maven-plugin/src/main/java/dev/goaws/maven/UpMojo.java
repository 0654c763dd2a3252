package dev.goaws.maven;

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

    @Override
    protected void run() {
        LocalCloud.up(new LocalCloud.Request(
                new LocalCloud.Stacks(settings(), target(), cliSettings(), assemblies(), outputDirectory.toPath()),
                new LocalCloud.Emulation(localPort, localAwsPort, python, seedItems, fresh,
                        Duration.ofSeconds(snapshotSeconds)),
                new LocalCloud.Tasks(LocalCloud.Runtime.parse(localRuntime), containerEngine, containerArgs(),
                        imageRequest(), () -> AppBuild.context(appBuildRequest(false, null), BuildDecision.JIB),
                        appJarPath(), Duration.ofSeconds(appStartTimeout)),
                watch ? new LocalCloud.Watch(appInput(), builtImageConfig(), service -> watchRequest(service, false))
                        : null,
                reporter()));
    }
}
