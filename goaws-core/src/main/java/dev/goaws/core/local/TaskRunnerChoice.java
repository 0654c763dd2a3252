package dev.goaws.core.local;

import dev.goaws.core.ImageSource;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.Workspace;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.image.DistLayout;
import dev.goaws.core.image.ImageBuildException;
import dev.goaws.core.image.ImagePublisher;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the local cloud runs its tasks ({@code goaws.localRuntime}): containers when an engine answers and there is
 * an image (build-app's context, built here by Jib, or a {@code goaws.image}); else the app's jar as a JVM, saying
 * why. {@code container} and {@code jvm} insist. Also turns build-app's context into an image the engine runs,
 * for the first tasks and for each rollout of the watch loop.
 */
final class TaskRunnerChoice {
    private final LocalCloud.Tasks tasks;
    private final Workspace workspace;
    private final String containerNamePrefix;
    private final Reporter log;

    TaskRunnerChoice(LocalCloud.Tasks tasks, Workspace workspace, String containerNamePrefix, Reporter log) {
        this.tasks = tasks;
        this.workspace = workspace;
        this.containerNamePrefix = containerNamePrefix;
        this.log = log;
    }

    /** The runner for {@code configured} (the settings' image: a reference, build-app's context or none). */
    TaskRunner choose(ImageSource configured) {
        LocalCloud.Runtime runtime = tasks.runtime();
        if (runtime != LocalCloud.Runtime.JVM) {
            Optional<ContainerEngine> engine = ContainerEngine.detect(tasks.engine(), tasks.engineArgs());
            ImageSource image = configured;
            String missing = null;
            if (engine.isPresent() && !(image instanceof ImageSource.Registry) && tasks.buildContext() != null) {
                Path dist = tasks.image().distDirectory();
                Optional<String> stale = DistLayout.staleness(dist, tasks.appJar());
                if (stale.isPresent()) {
                    log.info("Building the app's image context, as goaws:build-app does: " + stale.get() + ".");
                    try {
                        image = tasks.buildContext().get().isPresent() ? new ImageSource.Directory(dist) : null;
                    } catch (ImageBuildException e) {
                        if (runtime == LocalCloud.Runtime.CONTAINER) {
                            throw e;
                        }
                        missing = "the image context could not be built: " + e.getMessage();
                    }
                }
            }
            if (missing == null) {
                missing = engine.isEmpty() ? "no container engine answers (install podman and runc, or start"
                        + " Docker; goaws.containerEngine)"
                        : image == null ? "there is no image (run goaws:build-app first, or set goaws.image)" : null;
            }
            if (missing == null) {
                try {
                    return new TaskRunner.Containers(engine.get(), image(engine.get(), image), containerNamePrefix);
                } catch (ImageBuildException e) {
                    if (runtime == LocalCloud.Runtime.CONTAINER) {
                        throw e;
                    }
                    missing = "the image could not be built: " + e.getMessage();
                }
            }
            if (runtime == LocalCloud.Runtime.CONTAINER) {
                throw new InvalidSettingException("goaws.localRuntime", "container, but " + missing + ".");
            }
            log.warn("Running the app as a JVM, not its image: " + missing + ".");
        }
        LocalApp.requireJar(tasks.appJar());
        return new TaskRunner.Jvm(tasks.appJar(), LocalCloud.PLACEHOLDER_IMAGE);
    }

    /** The image the engine runs: build-app's context built by Jib into a tarball and loaded, or the reference. */
    String image(ContainerEngine engine, ImageSource image) {
        if (image instanceof ImageSource.Registry registry) {
            return registry.reference();
        }
        long start = System.nanoTime();
        Path tar = workspace.localImageTar();
        String name = ImagePublisher.writeTar(tasks.image(), tar, log::info).reference();
        engine.load(tar, name);
        log.info("Image " + name + " built by Jib and loaded into " + engine.name() + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return name;
    }

    /** build-app's context, where the watch loop packages the rebuilt jar. */
    Path distDirectory() {
        return tasks.image().distDirectory();
    }
}
