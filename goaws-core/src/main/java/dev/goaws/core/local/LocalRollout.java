package dev.goaws.core.local;

import dev.goaws.core.ImageSource;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.DeployedTask;
import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.AppPackager;
import dev.goaws.core.watch.ServiceUpdate;

/**
 * {@code goaws.watch}'s update of the local cloud: the rebuilt jar packaged into build-app's context, built by Jib
 * and loaded into the engine under a new content tag (the JVM mode runs the rebuilt jar itself), then the tasks
 * rolled out. The emulator's task definition keeps the image it was deployed with; the banner's task line and the
 * local state follow the new tasks.
 */
final class LocalRollout implements ServiceUpdate {
    private final TaskRunner runner;
    private final LocalService service;
    private final DeployedTask deployed;
    private final LocalCloud.Watch watch;
    private final TaskRunnerChoice images;
    private final Runnable recordState;
    private final Reporter log;

    LocalRollout(TaskRunner runner, LocalService service, DeployedTask deployed, LocalCloud.Watch watch,
            TaskRunnerChoice images, Runnable recordState, Reporter log) {
        this.runner = runner;
        this.service = service;
        this.deployed = deployed;
        this.watch = watch;
        this.images = images;
        this.recordState = recordState;
        this.log = log;
    }

    @Override
    public String describe() {
        return "the local cloud's tasks behind " + service.url() + " (rolling)";
    }

    @Override
    public void update() {
        String image = deployed.image();
        if (runner instanceof TaskRunner.Containers containers) {
            AppInput app = watch.app().get();
            if (app == null) {
                throw new InvalidSettingException("goaws.watch", "true in a project without a jar: set"
                        + " goaws.appJar or goaws.appModule to the app whose changes are rolled out.");
            }
            AppPackager.pack(app, watch.config(), images.distDirectory());
            image = images.image(containers.engine(), new ImageSource.Directory(images.distDirectory()));
        }
        try {
            service.rollOut(deployed.withImage(image));
            recordState.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalAwsException("Interrupted during the rollout", e);
        }
        log.info("Rolled out " + image + ": tasks " + service.taskNumbers() + " serve.");
    }
}
