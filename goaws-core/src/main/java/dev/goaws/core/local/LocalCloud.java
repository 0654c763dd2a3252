package dev.goaws.core.local;

import dev.goaws.core.engine.ContainerEngine;
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
import dev.goaws.core.image.ImageBuildException;
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
import java.util.function.Function;
import java.util.function.Supplier;
import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.AppPackager;
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
 */
public final class LocalCloud {
    /** The reference the container stack gets when no image is deployed for real (the JVM mode). */
    static final String PLACEHOLDER_IMAGE = "goaws.local/app:local";
    /** The region of the local cloud when goaws.region does not name one. */
    public static final String DEFAULT_REGION = "eu-central-1";
    private static final String UP_PROCESS = "maven (goaws:up)";

    /** How the tasks run: {@code auto} (containers when an engine and an image are here), {@code container}, {@code jvm}. */
    public enum Runtime { AUTO, CONTAINER, JVM;

        public static Runtime parse(String value) {
            return SettingChoice.parse("goaws.localRuntime", "a local runtime", value, values(),
                    SettingChoice::lowerCaseId, AUTO, "");
        }
    }

    /**
     * @param target        the configured target; without an endpoint a local moto is started
     * @param image         how build-app's context becomes an image (Jib, to a tarball the engine loads)
     * @param appJar        the JVM mode's jar
     * @param engine        {@code goaws.containerEngine}; {@code engineArgs} its extra run flags
     * @param fresh         start with an empty table instead of the items saved by the last {@code down}
     * @param watch         {@code goaws.watch}: after each change rebuild and roll the tasks out; null: no watching
     * @param buildContext  writes build-app's image context for {@code appJar} (as {@code goaws:build-app} would),
     *                      asked when the tasks run in containers and that context is missing or older than the
     *                      jar; empty when there is no app to package. Null: never built here
     */
    public record Request(GoawsSettings settings, AwsTarget target, CliSettings cli, Assemblies assemblies,
            Path outputDirectory, ImagePublisher.Request image, int localPort, int localAwsPort, String python,
            int seedItems, Path appJar, Duration startTimeout, Runtime runtime, String engine,
            List<String> engineArgs, boolean fresh, Watch watch, Supplier<Optional<DistLayout>> buildContext,
            Reporter reporter) {

        Workspace workspace() {
            return new Workspace(outputDirectory);
        }
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
    private volatile boolean stopping;
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
        Path file = new Workspace(outputDirectory).localState();
        try {
            Optional<LocalState> state = LocalState.read(file);
            if (state.isEmpty()) {
                log.info("No local cloud is running here (no " + file + ").");
                return;
            }
            List<String> stopped = new ArrayList<>(state.get().stop(Duration.ofSeconds(60)));
            if (state.get().containerEngine() != null && !state.get().containers().isEmpty()) {
                ContainerEngine engine = new ContainerEngine(state.get().containerEngine(), List.of());
                List<String> left = engine.running(state.get().containers());
                engine.remove(left);
                left.forEach(name -> stopped.add("container " + name));
            }
            Files.deleteIfExists(file);
            log.info(stopped.isEmpty() ? "The local cloud had already stopped."
                    : "Stopped " + String.join(", ", stopped) + ".");
        } catch (IOException e) {
            throw new LocalAwsException("Cannot read " + file + ": " + e.getMessage(), e);
        }
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
        return "goaws-local-" + Sha256.hex(outputDirectory.toAbsolutePath().normalize().toString()).substring(0, 8)
                + "-task-";
    }

    /** Brings the local cloud up and blocks until it is stopped; fails when a task does not get healthy. */
    public static void up(Request request) {
        new LocalCloud(request).run();
    }

    private void run() {
        if (request.seedItems() < 0 || request.seedItems() > 100_000) {
            throw new InvalidSettingException("goaws.seedItems", request.seedItems() + "; use 0 to 100000.");
        }
        // Checked before anything starts: a mistake costs a second, not a deploy.
        refuseASecondUp();
        Loopback.requireFree(request.localPort(), "goaws.localPort");
        if (request.watch() != null && request.runtime() != Runtime.JVM
                && request.settings().image() instanceof ImageSource.Registry registry) {
            throw new InvalidSettingException("goaws.watch", "true with goaws.image=" + registry.reference()
                    + ": a ready image cannot be rebuilt from this project's sources. Leave goaws.image unset"
                    + " (build-app's context is used), or use -Dgoaws.localRuntime=jvm.");
        }
        Thread shutdown = new Thread(() -> {
            stopping = true;
            stopAll();
        }, "goaws-local-shutdown");
        java.lang.Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            writeStartingState();
            TaskRunner runner = chooseRunner();
            GoawsSettings settings = request.settings().toBuilder()
                    .image(new ImageSource.Registry(runner.image())).build();
            AwsTarget.AwsSession aws = connect();
            settings = awaitSecrets(settings, aws);
            Deployment.open(settings, request.assemblies().get(settings, request.workspace().assembly()),
                    aws, request.cli().withBootstrap(), request.workspace().outputsFile(), log)
                    .deploy(List.of(StackKind.VPC, StackKind.TABLE, StackKind.CONTAINER));
            prepareTable(settings, aws);
            DeployedTask task = DeployedTask.read(aws, settings.stackName(StackKind.CONTAINER));
            LocalService service = LocalService.start(task, runner, aws, request.localPort(),
                    request.workspace(), request.startTimeout(), log);
            started.add(service);
            writeState(service, aws);
            banner(runner, service, task, settings, aws);
            if (request.watch() != null) {
                Watcher.run(request.watch().loop().apply(rollout(runner, service, task, aws)));
            } else {
                service.awaitEnd(() -> stopping);
                if (!stopping) {
                    throw new LocalAwsException("Every task stopped; the local cloud is shut down.");
                }
            }
            log.info("goaws local cloud stopped.");
        } catch (IOException e) {
            throw new LocalAwsException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalAwsException("Interrupted", e);
        } finally {
            stopAll();
            try {
                Files.deleteIfExists(request.workspace().localState());
                java.lang.Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IOException | IllegalStateException ignored) {
                // shutting down anyway
            }
        }
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
                        + ServiceSecrets.command(settings, request.target(), true)
                        + " -Dgoaws.secretName=<NAME> (the local AWS starts empty at each goaws:up).");
            }
            if (stopping) {
                throw new InterruptedException("stopped while waiting for the secrets");
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Containers when an engine answers and there is an image (build-app's context, built here by Jib, or a
     * {@code goaws.image}); else the JVM, saying why. {@code container} and {@code jvm} insist.
     */
    private TaskRunner chooseRunner() {
        Runtime runtime = request.runtime();
        if (runtime != Runtime.JVM) {
            Optional<ContainerEngine> engine = ContainerEngine.detect(request.engine(), request.engineArgs());
            ImageSource image = request.settings().image();
            String missing = null;
            if (engine.isPresent() && !(image instanceof ImageSource.Registry) && request.buildContext() != null) {
                Path dist = request.image().distDirectory();
                Optional<String> stale = DistLayout.staleness(dist, request.appJar());
                if (stale.isPresent()) {
                    log.info("Building the app's image context, as goaws:build-app does: " + stale.get() + ".");
                    try {
                        image = request.buildContext().get().isPresent() ? new ImageSource.Directory(dist) : null;
                    } catch (ImageBuildException e) {
                        if (runtime == Runtime.CONTAINER) {
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
                    return new TaskRunner.Containers(engine.get(), imageFor(engine.get(), image),
                            containerNamePrefix(request.outputDirectory()));
                } catch (ImageBuildException e) {
                    if (runtime == Runtime.CONTAINER) {
                        throw e;
                    }
                    missing = "the image could not be built: " + e.getMessage();
                }
            }
            if (runtime == Runtime.CONTAINER) {
                throw new InvalidSettingException("goaws.localRuntime", "container, but " + missing + ".");
            }
            log.warn("Running the app as a JVM, not its image: " + missing + ".");
        }
        LocalApp.requireJar(request.appJar());
        return new TaskRunner.Jvm(request.appJar(), PLACEHOLDER_IMAGE);
    }

    /** The image the engine runs: build-app's context built by Jib into a tarball and loaded, or the reference. */
    private String imageFor(ContainerEngine engine, ImageSource image) {
        if (image instanceof ImageSource.Registry registry) {
            return registry.reference();
        }
        long start = System.nanoTime();
        Path tar = request.workspace().localImageTar();
        String name = ImagePublisher.writeTar(request.image(), tar, log::info).reference();
        engine.load(tar, name);
        log.info("Image " + name + " built by Jib and loaded into " + engine.name() + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return name;
    }

    /**
     * goaws.watch's update: the rebuilt jar packaged into build-app's context, built by Jib and loaded into the
     * engine under a new content tag (the JVM mode runs the rebuilt jar itself), then the tasks rolled out. The
     * emulator's task definition keeps the image it was deployed with; the banner's task line and the local state
     * follow the new tasks.
     */
    private ServiceUpdate rollout(TaskRunner runner, LocalService service, DeployedTask deployed,
            AwsTarget.AwsSession aws) {
        return new ServiceUpdate() {
            @Override
            public String describe() {
                return "the local cloud's tasks behind " + service.url() + " (rolling)";
            }

            @Override
            public void update() {
                String image = deployed.image();
                if (runner instanceof TaskRunner.Containers containers) {
                    AppInput app = request.watch().app().get();
                    if (app == null) {
                        throw new InvalidSettingException("goaws.watch", "true in a project without a jar: set"
                                + " goaws.appJar or goaws.appModule to the app whose changes are rolled out.");
                    }
                    AppPackager.pack(app, request.watch().config(), request.image().distDirectory());
                    image = imageFor(containers.engine(), new ImageSource.Directory(request.image().distDirectory()));
                }
                try {
                    service.rollOut(deployed.withImage(image));
                    writeState(service, aws);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalAwsException("Interrupted during the rollout", e);
                } catch (IOException e) {
                    throw new LocalAwsException(e.getMessage(), e);
                }
                log.info("Rolled out " + image + ": tasks " + service.taskNumbers() + " serve.");
            }
        };
    }

    private AwsTarget.AwsSession connect() {
        AwsTarget target = request.target();
        if (target.endpoint() == null) {
            MotoServer moto = MotoServer.start(request.python(), request.localAwsPort(), request.workspace().local(),
                    line -> { }, Duration.ofSeconds(60));
            started.add(moto);
            awsEndpoint = moto.endpoint().toString();
            writeStartingState();
            log.info("Local AWS (moto) at " + moto.endpoint());
            target = new AwsTarget(target.region(), null, moto.endpoint(), null, false);
        }
        if (target.region() == null) {
            target = new AwsTarget(DEFAULT_REGION, target.profile(), target.endpoint(), target.expectedAccount(), false);
        }
        if (awsEndpoint == null) {
            awsEndpoint = target.endpoint().toString();
            writeStartingState();
        }
        return target.withLocalCredentials().connect();
    }

    /** The saved items back into the new table (unless fresh), then the sample items. */
    private void prepareTable(GoawsSettings settings, AwsTarget.AwsSession aws) throws IOException {
        table = new StackReader(settings, aws).parameter(settings.tableParameter()).orElseThrow(() ->
                new LocalAwsException("The table stack published no " + settings.tableParameter()));
        dynamo = aws.dynamoDb();
        Path snapshot = request.workspace().savedTableItems();
        if (request.fresh()) {
            if (Files.deleteIfExists(snapshot)) {
                log.info("goaws.fresh: the items saved by the last goaws:down are discarded; the table starts empty.");
            }
        } else if (Files.isRegularFile(snapshot)) {
            int restored = TableSnapshot.restore(dynamo, table, snapshot);
            log.info("Restored " + restored + " item(s) saved by the last goaws:down into " + table + " (from "
                    + snapshot + "; -Dgoaws.fresh=true starts empty)");
        }
        if (request.seedItems() > 0) {
            TableSeeder.seed(dynamo, table, settings.partitionKey(), request.seedItems());
            log.info("Seeded " + request.seedItems() + " items into " + table);
        }
    }

    private void writeState(LocalService service, AwsTarget.AwsSession aws) throws IOException {
        new LocalState(processes(service.processes()), service.url().toString(), aws.target().endpoint().toString(),
                service.engineName(), service.containerNames(), aws.region().id())
                .write(request.workspace().localState());
    }

    /**
     * Written before the image build and the deploys, and again once moto runs: a {@code goaws:down} meanwhile
     * stops this up (its shutdown hook stops moto) instead of finding nothing to stop.
     */
    private void writeStartingState() {
        try {
            new LocalState(processes(List.of()), null, awsEndpoint, null, List.of()).write(request.workspace().localState());
        } catch (IOException e) {
            throw new LocalAwsException("Cannot write " + request.workspace().localState() + ": " + e.getMessage(), e);
        }
    }

    /** In the order goaws:down stops them: this Maven process first (it stops the rest gracefully). */
    private List<LocalState.Proc> processes(List<LocalState.Proc> tasks) {
        List<LocalState.Proc> processes = new ArrayList<>();
        processes.add(LocalState.Proc.of(UP_PROCESS, ProcessHandle.current()));
        processes.addAll(tasks);
        for (AutoCloseable closeable : started) {
            if (closeable instanceof MotoServer moto) {
                processes.add(LocalState.Proc.of("moto", moto.process().toHandle()));
            }
        }
        return processes;
    }

    /** Two ups in one project would share its state file and its table snapshot. */
    private void refuseASecondUp() {
        try {
            Optional<LocalState.Proc> running = LocalState.read(request.workspace().localState()).stream()
                    .flatMap(state -> state.processes().stream())
                    .filter(proc -> proc.name().equals(UP_PROCESS) && proc.live().isPresent()).findFirst();
            if (running.isPresent()) {
                throw new LocalAwsException("A goaws:up is already running in this project (pid "
                        + running.get().pid() + "): use it, or stop it first with mvn goaws:down.");
            }
        } catch (IOException e) {
            throw new LocalAwsException("Cannot read " + request.workspace().localState() + ": " + e.getMessage(), e);
        }
    }

    private void banner(TaskRunner runner, LocalService service, DeployedTask task, GoawsSettings settings,
            AwsTarget.AwsSession aws) {
        log.info("");
        log.info("goaws local cloud is up");
        log.info("  App:      " + service.url() + "  (local load balancer, health checks on " + task.healthCheck().path()
                + ")");
        log.info("  Login:    user " + task.secrets().get(AppEnvironment.USERNAME) + ", password "
                + task.secrets().get(AppEnvironment.PASSWORD) + "  (generated into the emulator's Secrets Manager; local only)");
        log.info("  Tasks:    " + runner.describe(task));
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
        log.info("  Not emulated: IAM (the emulator allows every call), Fargate networking (awsvpc, security groups:"
                + " tasks use the host's loopback), CloudWatch Logs delivery, autoscaling.");
        log.info("  Stop:     Ctrl-C, or 'mvn goaws:down' from another terminal");
        log.info("");
    }

    /** Saves the table, then stops the tasks and the emulator; safe to call twice (finally and the hook). */
    private synchronized void stopAll() {
        if (dynamo != null) {
            try {
                int saved = TableSnapshot.save(dynamo, table, request.workspace().savedTableItems());
                log.info("Saved " + saved + " item(s) of " + table + " to " + request.workspace().savedTableItems()
                        + " for the next goaws:up");
            } catch (Exception e) {
                log.warn("Could not save the table's items: " + e.getMessage());
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
