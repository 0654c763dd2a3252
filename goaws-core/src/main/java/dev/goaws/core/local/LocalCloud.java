package dev.goaws.core.local;

import dev.goaws.core.engine.Loopback;
import dev.goaws.core.deploy.DeployedTask;

import dev.goaws.core.AppEnvironment;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.Sha256;
import dev.goaws.core.SettingChoice;
import dev.goaws.core.StackKind;
import dev.goaws.core.Workspace;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.CliSettings;
import dev.goaws.core.deploy.Deployment;
import dev.goaws.core.deploy.ServiceSecrets;
import dev.goaws.core.deploy.StackReader;
import dev.goaws.core.image.ImagePublisher;
import dev.goaws.core.synth.Assemblies;
import dev.goaws.core.stacks.ContainerStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.DistLayout;
import dev.goaws.core.image.ImageConfig;
import dev.goaws.core.watch.ServiceUpdate;
import dev.goaws.core.watch.Watcher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code goaws:up}: the whole architecture on this machine. A local AWS (moto) or {@code goaws.endpoint}, the
 * three stacks deployed into it through the same code path as a real deploy, the table's saved items restored,
 * then the task as deployed (read back from ECS) behind a local load balancer that does what the target group
 * says: in containers with the task's CPU and memory limits when an engine is here, else as a JVM. Runs until
 * Ctrl-C or {@code goaws:down}, then saves the table and stops everything.
 *
 * <p>It keeps itself whole meanwhile: a task that stops is replaced ({@link ServiceScheduler}); the emulator's end
 * is said at once and stops the local cloud ({@link EmulatorSupervisor}); the table is saved every
 * {@code goaws.snapshotSeconds} when it changed ({@link TableSnapshotter}); and nothing it started outlives it
 * ({@link OrphanGuard}; an earlier {@code up} that was killed is cleared first, {@link Leftovers}).
 */
public final class LocalCloud {
    /** The reference the container stack gets when no image is deployed for real (the JVM mode). */
    static final String PLACEHOLDER_IMAGE = "goaws.local/app:local";
    /** The region of the local cloud when goaws.region does not name one. */
    public static final String DEFAULT_REGION = "eu-central-1";
    static final String UP_PROCESS = "maven (goaws:up)";

    /** How the tasks run: {@code auto} (containers when an engine and an image are here), {@code container}, {@code jvm}. */
    public enum Runtime { AUTO, CONTAINER, JVM;

        public static Runtime parse(String value) {
            return SettingChoice.parse("goaws.localRuntime", "a local runtime", value, values(),
                    SettingChoice::lowerCaseId, AUTO, "");
        }
    }

    /**
     * What {@code goaws:up} runs, in three groups and the optional watch loop.
     *
     * @param watch {@code goaws.watch}: after each change rebuild and roll the tasks out; null: no watching
     */
    public record Request(Stacks stacks, Emulation emulation, Tasks tasks, Watch watch, Reporter reporter) {

        Workspace workspace() {
            return new Workspace(stacks.outputDirectory());
        }
    }

    /**
     * The architecture deployed into the local AWS, as a deploy to AWS would deploy it.
     *
     * @param target the configured target; without an endpoint a local moto is started
     */
    public record Stacks(GoawsSettings settings, AwsTarget target, CliSettings cli, Assemblies assemblies,
            Path outputDirectory) {
    }

    /**
     * The local AWS and the load balancer in front of the tasks.
     *
     * @param loadBalancerPort {@code goaws.localPort}
     * @param awsPort          {@code goaws.localAwsPort} (0: a free one)
     * @param fresh            start with an empty table instead of the items saved by the last {@code up}
     * @param snapshotEvery    {@code goaws.snapshotSeconds}: how often the table is saved when it changed
     */
    public record Emulation(int loadBalancerPort, int awsPort, String python, int seedItems, boolean fresh,
            Duration snapshotEvery) {
    }

    /**
     * How the service's tasks run.
     *
     * @param engine       {@code goaws.containerEngine}; {@code engineArgs} its extra run flags
     * @param image        how build-app's context becomes an image (Jib, to a tarball the engine loads)
     * @param buildContext writes build-app's image context for {@code appJar} (as {@code goaws:build-app} would),
     *                     asked when the tasks run in containers and that context is missing or older than the
     *                     jar; empty when there is no app to package. Null: never built here
     * @param appJar       the JVM mode's jar
     */
    public record Tasks(Runtime runtime, String engine, List<String> engineArgs, ImagePublisher.Request image,
            Supplier<Optional<DistLayout>> buildContext, Path appJar, Duration startTimeout) {
    }

    /**
     * The inner loop on the local cloud.
     *
     * @param app    the app to package into build-app's context, asked at each update (the jar is rebuilt)
     * @param config base image, JVM flags, port and user of the container
     * @param loop   the watcher around the service update this local cloud provides
     */
    public record Watch(Supplier<AppInput> app, ImageConfig config, Function<ServiceUpdate, Watcher.Request> loop) {
    }

    private final Request request;
    private final Reporter log;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopping;
    /** Why the emulator's end stopped this up; null while it runs. */
    private volatile String emulatorDied;
    /** The thread in the watch loop; guarded by {@link #servingLock}. */
    private Thread serving;
    private final Object servingLock = new Object();
    private final Object stateLock = new Object();
    private boolean finished;
    // Set once each, read by the state file's writer on other threads.
    private volatile OrphanGuard guard;
    private volatile MotoServer moto;
    private volatile EmulatorSupervisor emulator;
    private volatile String engineName;
    private volatile TableSnapshotter snapshotter;
    private volatile LocalService service;
    private volatile ServiceScheduler scheduler;
    private volatile AwsTarget.AwsSession aws;
    private DynamoDbClient dynamo;
    private String table;
    /** The local AWS, once it runs: in the state file from then on, for goaws:secret -Dgoaws.local=true. */
    private volatile String awsEndpoint;

    private LocalCloud(Request request) {
        this.request = request;
        this.log = request.reporter();
    }

    /**
     * {@code goaws:down}: stops what {@code up} started in this project (the up process first: it saves the table
     * and stops its tasks gracefully), then whatever survived, containers included.
     */
    public static void down(Path outputDirectory, Reporter log) {
        Leftovers.down(outputDirectory, log);
    }

    /**
     * The target of a running {@code goaws:up} in the project whose goaws output is {@code outputDirectory}: its
     * local AWS, in the region it deploys to, with the emulator's keys ({@code goaws:secret -Dgoaws.local=true}).
     */
    public static AwsTarget runningTarget(AwsTarget configured, Path outputDirectory) {
        Path file = outputDirectory.resolve("local.json");
        try {
            String endpoint = LocalState.read(file).map(LocalState::awsEndpoint).orElse(null);
            if (endpoint == null) {
                throw new LocalAwsException("No local cloud with a local AWS is running in this project (" + file
                        + "): start it with mvn goaws:up (it waits for the declared secrets), then run this again"
                        + " from another terminal.");
            }
            String region = configured.region() != null ? configured.region() : DEFAULT_REGION;
            return new AwsTarget(region, null, java.net.URI.create(endpoint), null, false).withLocalCredentials();
        } catch (IOException e) {
            throw new LocalAwsException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What the names of the task containers start with, for the project whose goaws output is
     * {@code outputDirectory} ({@code goaws-local-<8 hex of that path>-task-}, then the task's number): two
     * projects' local clouds on one machine never remove each other's containers.
     */
    public static String containerNamePrefix(Path outputDirectory) {
        return Leftovers.containerNamePrefix(outputDirectory);
    }

    /** Brings the local cloud up and blocks until it is stopped; fails when a task does not get healthy. */
    public static void up(Request request) {
        new LocalCloud(request).run();
    }

    private void run() {
        if (request.emulation().seedItems() < 0 || request.emulation().seedItems() > 100_000) {
            throw new InvalidSettingException("goaws.seedItems", request.emulation().seedItems() + "; use 0 to 100000.");
        }
        long snapshotSeconds = request.emulation().snapshotEvery().toSeconds();
        if (snapshotSeconds < 1 || snapshotSeconds > 3600) {
            throw new InvalidSettingException("goaws.snapshotSeconds", snapshotSeconds + "; use 1 to 3600 (seconds"
                    + " between two saves of the local table; it is saved only when it changed).");
        }
        // Checked before anything starts: a mistake costs a second, not a deploy.
        refuseASecondUp();
        Loopback.requireFree(request.emulation().loadBalancerPort(), "goaws.localPort");
        if (request.watch() != null && request.tasks().runtime() != Runtime.JVM
                && request.stacks().settings().image() instanceof ImageSource.Registry registry) {
            throw new InvalidSettingException("goaws.watch", "true with goaws.image=" + registry.reference()
                    + ": a ready image cannot be rebuilt from this project's sources. Leave goaws.image unset"
                    + " (build-app's context is used), or use -Dgoaws.localRuntime=jvm.");
        }
        Thread shutdown = new Thread(() -> {
            stopping = true;
            ended.countDown();
            finish(); // the JVM may halt before the main thread gets there
        }, "goaws-local-shutdown");
        java.lang.Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            // First: whatever this up starts from now on is stopped when this JVM dies, however it dies.
            guard = OrphanGuard.start(request.workspace().localGuardLog());
            recordState();
            TaskRunnerChoice runners = new TaskRunnerChoice(request.tasks(), request.workspace(),
                    containerNamePrefix(request.stacks().outputDirectory()), log);
            TaskRunner runner = runners.choose(request.stacks().settings().image());
            // podman or docker, never a path: goaws:down runs only those two (the file lies under target/)
            engineName = runner instanceof TaskRunner.Containers c ? c.engine().name() : null;
            recordState();
            GoawsSettings settings = request.stacks().settings().toBuilder()
                    .image(new ImageSource.Registry(runner.image())).build();
            aws = connect();
            recordState(); // with the region: goaws:secret -Dgoaws.local=true finds the emulator while up waits
            settings = awaitSecrets(settings, aws);
            Deployment.open(settings, request.stacks().assemblies().get(settings, request.workspace().assembly()),
                    aws, request.stacks().cli().withBootstrap(), request.workspace().outputsFile(), log)
                    .deploy(List.of(StackKind.VPC, StackKind.TABLE, StackKind.CONTAINER));
            prepareTable(settings, aws);
            DeployedTask task = DeployedTask.read(aws, settings.stackName(StackKind.CONTAINER));
            service = LocalService.start(task, runner, aws, request.emulation().loadBalancerPort(), request.workspace(),
                    request.tasks().startTimeout(), guard, log);
            started.add(service);
            scheduler = ServiceScheduler.start(service, task.serviceName(), RestartBackoff.DEFAULT, log,
                    this::recordState);
            recordState();
            banner(runner, service, task, settings, aws);
            synchronized (servingLock) {
                serving = Thread.currentThread();
            }
            if (emulatorDied == null) {
                if (request.watch() != null) {
                    Watcher.run(request.watch().loop().apply(new LocalRollout(runner, service, task, request.watch(),
                            runners, this::recordState, log)));
                } else {
                    ended.await();
                }
            }
            failIfTheEmulatorDied(null);
            log.info("goaws local cloud stopped.");
        } catch (IOException e) {
            failIfTheEmulatorDied(e);
            throw new LocalAwsException(e.getMessage(), e);
        } catch (InterruptedException e) {
            failIfTheEmulatorDied(e);
            Thread.currentThread().interrupt();
            throw new LocalAwsException("Interrupted", e);
        } catch (RuntimeException e) {
            failIfTheEmulatorDied(e); // a deploy or read that failed because the emulator went away
            throw e;
        } finally {
            synchronized (servingLock) {
                serving = null;
                Thread.interrupted(); // an interrupt meant for the wait must not cut the graceful stop short
            }
            finish();
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) finish() itself
            }
        }
    }

    /** Stops everything, removes the state file, then lets the guard go; once (the main thread or the hook). */
    private synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        stopAll();
        try {
            Files.deleteIfExists(request.workspace().localState());
        } catch (IOException e) {
            log.warn("Cannot delete " + request.workspace().localState() + ": " + e.getMessage());
        }
        if (guard != null) {
            guard.close(); // after everything stopped: the guard leaves without stopping anything
        }
    }

    /** The emulator's end, said when it happened, is why this up fails; {@code cause} is what it broke. */
    private void failIfTheEmulatorDied(Exception cause) {
        if (emulatorDied != null) {
            throw new LocalAwsException(emulatorDied, cause);
        }
    }

    /** The emulator went away under this up: the wait (or the watch loop) ends, and the local cloud stops. */
    private void emulatorDied(String message) {
        emulatorDied = message;
        ended.countDown();
        if (request.watch() == null) {
            return;
        }
        // The watch loop ends on an interrupt, but an update in progress swallows one (it fails and waits for the
        // next change): interrupt until the loop has ended.
        Thread interrupter = new Thread(() -> {
            while (true) {
                synchronized (servingLock) {
                    if (serving == null) {
                        return; // not in the loop yet (it then sees emulatorDied and skips it), or out of it
                    }
                    serving.interrupt();
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "goaws-stop-watch");
        interrupter.setDaemon(true);
        interrupter.start();
    }


    /**
     * The declared secrets must be in the local AWS before the tasks start, as in ECS. The emulator starts empty
     * (its state is never written to disk, so a secret's value never is either): until each is set with
     * {@code goaws:secret -Dgoaws.local=true}, this waits, saying which and how. Returns the settings with the
     * secrets' complete ARNs, as a deploy to AWS has them.
     */
    private GoawsSettings awaitSecrets(GoawsSettings settings, AwsTarget.AwsSession aws) throws InterruptedException {
        if (settings.app().secrets().isEmpty()) {
            return settings;
        }
        List<String> told = List.of();
        while (true) {
            List<ServiceSecrets.State> states;
            try {
                states = ServiceSecrets.states(settings, aws);
            } catch (dev.goaws.core.GoawsException e) {
                if (stopping) { // goaws:down or Ctrl-C stopped the local AWS meanwhile
                    throw new InterruptedException("stopped while waiting for the secrets");
                }
                throw e;
            }
            List<String> missing = states.stream().filter(s -> !s.exists())
                    .map(s -> s.variable() + " (" + s.location() + ")").toList();
            if (missing.isEmpty()) {
                if (!told.isEmpty()) {
                    log.info("All declared secrets are set in the local AWS.");
                }
                return ServiceSecrets.withCompleteArns(settings, states);
            }
            if (!missing.equals(told)) {
                told = missing;
                log.warn("Waiting for the task's secrets, not yet in the local AWS: " + String.join(", ", missing)
                        + ". Set each from another terminal in this project: "
                        + ServiceSecrets.command(settings, request.stacks().target(), true)
                        + " -Dgoaws.secretName=<NAME> (the local AWS starts empty at each goaws:up).");
            }
            if (stopping) {
                throw new InterruptedException("stopped while waiting for the secrets");
            }
            Thread.sleep(1000);
        }
    }

    private AwsTarget.AwsSession connect() {
        AwsTarget target = request.stacks().target();
        if (target.endpoint() == null) {
            moto = MotoServer.start(request.emulation().python(), request.emulation().awsPort(), request.workspace().local(),
                    line -> { }, Duration.ofSeconds(60));
            started.add(moto);
            guard.watch("moto", moto.process().toHandle());
            emulator = EmulatorSupervisor.watch(moto, log, this::emulatorDied);
            awsEndpoint = moto.endpoint().toString();
            recordState();
            log.info("Local AWS (moto) at " + moto.endpoint());
            target = new AwsTarget(target.region(), null, moto.endpoint(), null, false);
        }
        if (target.region() == null) {
            target = new AwsTarget(DEFAULT_REGION, target.profile(), target.endpoint(), target.expectedAccount(), false);
        }
        if (awsEndpoint == null) {
            awsEndpoint = target.endpoint().toString();
            recordState();
        }
        return target.withLocalCredentials().connect();
    }

    /** The saved items back into the new table (unless fresh), then the sample items. */
    private void prepareTable(GoawsSettings settings, AwsTarget.AwsSession aws) throws IOException {
        table = new StackReader(settings, aws).parameter(settings.tableParameter()).orElseThrow(() ->
                new LocalAwsException("The table stack published no " + settings.tableParameter()));
        dynamo = aws.dynamoDb();
        Path snapshot = request.workspace().savedTableItems();
        if (request.emulation().fresh()) {
            boolean discarded = Files.deleteIfExists(snapshot);
            discarded |= Files.deleteIfExists(TableSnapshot.previous(snapshot));
            if (discarded) {
                log.info("goaws.fresh: the items saved by the last goaws:up are discarded; the table starts empty.");
            }
        } else {
            TableSnapshot.restoreNewest(dynamo, table, snapshot, skipped -> log.warn("Not restored: " + skipped
                    + "; trying the save before it.")).ifPresent(restored -> log.info("Restored "
                    + restored.items() + " item(s) saved by the last goaws:up" + (restored.savedAt() == null ? ""
                    : " at " + restored.savedAt()) + " into " + table + " (from " + restored.file()
                    + "; -Dgoaws.fresh=true starts empty)"));
        }
        if (request.emulation().seedItems() > 0) {
            TableSeeder.seed(dynamo, table, settings.partitionKey(), request.emulation().seedItems());
            log.info("Seeded " + request.emulation().seedItems() + " items into " + table);
        }
        snapshotter = TableSnapshotter.start(dynamo, table, snapshot, request.emulation().snapshotEvery(),
                moto == null ? java.util.OptionalLong::empty : moto::dynamoDbChanges, log, saved -> recordState());
    }

    /**
     * {@code local.json}, written at each step and change: from the first moment (a {@code goaws:down} meanwhile
     * stops this up, whose shutdown hook stops the rest), with the engine as soon as it is chosen (a later up or
     * down finds this project's containers), then the tasks, restarts, events and the table's last save.
     */
    private void recordState() {
        synchronized (stateLock) {
            writeState();
        }
    }

    private void writeState() {
        LocalService running = service;
        ServiceScheduler keeper = scheduler;
        TableSnapshotter saver = snapshotter;
        LocalState.Service tasks = running == null || keeper == null ? null : new LocalState.Service(keeper.name(),
                running.desiredCount(), running.taskNumbers(), keeper.restarts(), keeper.events());
        try {
            new LocalState(processes(running == null ? List.of() : running.processes()),
                    running == null ? null : running.url().toString(), awsEndpoint, engineName,
                    running == null ? List.of() : running.containerNames(),
                    aws == null ? null : aws.region().id(), tasks, saver == null ? null : saver.last())
                    .write(request.workspace().localState());
        } catch (IOException e) {
            if (running == null) {
                throw new LocalAwsException("Cannot write " + request.workspace().localState() + ": " + e.getMessage(), e);
            }
            log.warn("Cannot write " + request.workspace().localState() + ": " + e.getMessage());
        }
    }

    /** In the order goaws:down stops them: this Maven process first (it stops the rest gracefully). */
    private List<LocalState.Proc> processes(List<LocalState.Proc> tasks) {
        List<LocalState.Proc> processes = new ArrayList<>();
        processes.add(LocalState.Proc.of(UP_PROCESS, ProcessHandle.current()));
        processes.addAll(tasks);
        if (moto != null) {
            processes.add(LocalState.Proc.of("moto", moto.process().toHandle()));
        }
        if (guard != null) {
            processes.add(LocalState.Proc.of("guard", guard.handle()));
        }
        return processes;
    }

    /**
     * Two ups in one project would share its state file and its table snapshot; an earlier up that no longer runs
     * (killed) has what it left behind stopped first.
     */
    private void refuseASecondUp() {
        Optional<LocalState.Proc> running = Leftovers.clearDeadUp(request.stacks().outputDirectory(), log);
        if (running.isPresent()) {
            throw new LocalAwsException("A goaws:up is already running in this project (pid " + running.get().pid()
                    + "): use it, or stop it first with mvn goaws:down.");
        }
    }

    private void banner(TaskRunner runner, LocalService service, DeployedTask task, GoawsSettings settings,
            AwsTarget.AwsSession aws) {
        long every = request.emulation().snapshotEvery().toSeconds();
        log.info("");
        log.info("goaws local cloud is up");
        log.info("  App:      " + service.url() + "  (local load balancer, health checks on " + task.healthCheck().path()
                + ")");
        log.info("  Login:    user " + task.secrets().get(AppEnvironment.USERNAME) + ", password "
                + task.secrets().get(AppEnvironment.PASSWORD) + "  (generated into the emulator's Secrets Manager; local only)");
        log.info("  Tasks:    " + runner.describe(task));
        log.info("  Service:  " + task.serviceName() + " keeps " + runner.taskCount(task) + " task(s) running: one that"
                + " stops is replaced, after a wait that doubles with each failed start (1 s … 60 s); restarts and"
                + " events: mvn goaws:status -Dgoaws.local=true");
        if (!settings.app().environment().isEmpty()) {
            log.info("  Env:      " + String.join(", ", settings.app().environment().keySet())
                    + "  (goaws.environment)");
        }
        if (!settings.app().secrets().isEmpty()) {
            log.info("  Secrets:  " + String.join(", ", settings.app().secrets().keySet()) + "  (values from the"
                    + " local AWS, masked in the task logs)");
        }
        log.info("  AWS:      " + aws.target().endpoint() + "  (stacks " + settings.stackName(StackKind.VPC) + ", "
                + settings.stackName(StackKind.TABLE) + ", " + settings.stackName(StackKind.CONTAINER)
                + "; table " + table + ")");
        log.info("  Logs:     " + request.workspace().localTasks() + ", access log "
                + request.workspace().localAccessLog());
        log.info("  Data:     the table is saved every " + every + " s when it changed (goaws.snapshotSeconds), and at"
                + " the end, to " + request.workspace().savedTableItems() + "; the next goaws:up restores it. A crash"
                + " loses at most the last " + every + " s of writes.");
        log.info("  Crashes:  " + (moto == null ? "" : "moto exiting stops the local cloud with an error (the next"
                + " up deploys again and restores the table); ") + "what this up started stops when Maven dies,"
                + " however it dies");
        log.info("  Not emulated: IAM (the emulator allows every call), Fargate networking (awsvpc, security groups:"
                + " tasks use the host's loopback), CloudWatch Logs delivery, autoscaling.");
        log.info("  Stop:     Ctrl-C, or 'mvn goaws:down' from another terminal");
        log.info("");
    }

    /** Saves the table, then stops the tasks and the emulator; safe to call twice (finally and the hook). */
    private synchronized void stopAll() {
        if (scheduler != null) {
            scheduler.close(); // no task is replaced from here on
        }
        if (emulator != null) {
            emulator.close(); // the emulator's end is no news from here on
        }
        if (snapshotter != null) {
            snapshotter.close();
        }
        if (dynamo != null) {
            if (snapshotter == null) {
                log.warn("The table was not restored completely: " + request.workspace().savedTableItems()
                        + " is left as it was.");
            } else if (emulatorDied != null) {
                LocalState.Snapshot last = snapshotter.last();
                log.warn("The table cannot be saved now (the emulator is gone): the next goaws:up restores "
                        + (last == null ? "the items of the last save before this up" : "the " + last.items()
                        + " item(s) saved at " + last.savedAt()) + " from " + request.workspace().savedTableItems()
                        + ".");
            } else {
                try {
                    LocalState.Snapshot saved = snapshotter.saveIfChanged();
                    log.info("Saved " + saved.items() + " item(s) of " + table + " to "
                            + request.workspace().savedTableItems() + " for the next goaws:up");
                } catch (Exception e) {
                    LocalState.Snapshot last = snapshotter.last();
                    log.warn("Could not save the table's items: " + e.getMessage() + (last == null ? ""
                            : "; the save of " + last.savedAt() + " (" + last.items() + " item(s)) stays."));
                }
            }
            dynamo.close();
            dynamo = null;
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Could not stop " + started.get(i) + ": " + e.getMessage());
            }
        }
        started.clear();
    }
}
