package dev.goaws.core.local;

import dev.goaws.core.AppEnvironment;
import dev.goaws.core.engine.Loopback;
import dev.goaws.core.deploy.DeployedTask;
import dev.goaws.core.Workspace;
import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.process.ProcessRunner;
import dev.goaws.core.secrets.SecretMask;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ECS service, locally: its tasks, each on its own loopback port (host networking has no per-task ENI),
 * registered with the local load balancer, their output in {@code tasks/task-<n>.log} with secrets masked.
 * A task that stops on its own is deregistered and said; once {@link #supervise supervised}, it goes to the
 * {@link ServiceScheduler}, which starts its replacement ({@link #startReplacement}). {@link #rollOut} replaces
 * the tasks with a new version the way an ECS rolling deployment does.
 */
public final class LocalService implements AutoCloseable {
    private static final int LAST_LINES = 15;

    /**
     * A task that stopped on its own (it exited or was killed; not one this service stopped).
     *
     * @param exit       how it ended, e.g. "exit code 137"
     * @param lastLines  its last output lines
     * @param wasHealthy whether it ever passed the health checks: one that never did is a failed start
     */
    record Stopped(int number, String exit, List<String> lastLines, boolean wasHealthy, Duration ran) {
    }

    /** What {@link #awaitHealth} saw first. */
    enum Health { HEALTHY, EXITED, TIMED_OUT }

    /** One task. */
    static final class Task {
        private final int number;
        private final ProcessRunner.Running process;
        private final LocalLoadBalancer.Target target;
        private final BufferedWriter logFile;
        private final String container;
        private final long started = System.nanoTime();
        /** Stopped by this service: its exit is no news. */
        private volatile boolean stopping;
        /** Kept by the scheduler: its exit is reported, and replaced. */
        private volatile boolean supervised;

        private Task(int number, ProcessRunner.Running process, LocalLoadBalancer.Target target,
                BufferedWriter logFile, String container) {
            this.number = number;
            this.process = process;
            this.target = target;
            this.logFile = logFile;
            this.container = container;
        }

        int number() {
            return number;
        }

        ProcessRunner.Running process() {
            return process;
        }

        LocalLoadBalancer.Target target() {
            return target;
        }

        BufferedWriter logFile() {
            return logFile;
        }

        /** Passed the health checks at least once (an unhealthy target was healthy before). */
        boolean wasHealthy() {
            return target.state() != LocalLoadBalancer.State.INITIAL;
        }

        Duration ran() {
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    private final TaskRunner runner;
    private final LocalLoadBalancer balancer;
    private final Reporter log;
    private final AwsTarget.AwsSession aws;
    private final Path logDirectory;
    private final Duration startTimeout;
    private final OrphanGuard guard;
    private final List<Task> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int lastNumber;
    /** The task definition new tasks run: the deployed one, then each rolled-out version. */
    private DeployedTask current;
    private volatile Consumer<Stopped> supervisor;
    private volatile boolean closing;

    private LocalService(TaskRunner runner, LocalLoadBalancer balancer, AwsTarget.AwsSession aws, Path logDirectory,
            Duration startTimeout, OrphanGuard guard, DeployedTask current, Reporter log) {
        this.runner = runner;
        this.balancer = balancer;
        this.aws = aws;
        this.logDirectory = logDirectory;
        this.startTimeout = startTimeout;
        this.guard = guard;
        this.current = current;
        this.log = log;
    }

    /** Starts the tasks and waits until each is healthy; a task that is not fails with its last lines. */
    static LocalService start(DeployedTask task, TaskRunner runner, AwsTarget.AwsSession aws, int localPort,
            Workspace workspace, Duration startTimeout, Reporter log) throws InterruptedException {
        return start(task, runner, aws, localPort, workspace, startTimeout, null, log);
    }

    /**
     * @param guard told each task's process and container, so they stop when this JVM dies; null: none
     */
    static LocalService start(DeployedTask task, TaskRunner runner, AwsTarget.AwsSession aws, int localPort,
            Workspace workspace, Duration startTimeout, OrphanGuard guard, Reporter log) throws InterruptedException {
        LocalLoadBalancer balancer = LocalLoadBalancer.start(localPort, task.healthCheck(),
                workspace.localAccessLog(), log);
        LocalService service = new LocalService(runner, balancer, aws, workspace.localTasks(), startTimeout,
                guard, task, log);
        try {
            int count = runner.taskCount(task);
            if (count < 1) {
                log.warn("The service's desired count is 0: no task runs, the load balancer answers 503.");
            }
            List<Task> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                started.add(service.startTask(task, false));
            }
            for (Task each : started) {
                service.awaitHealthy(each);
            }
            return service;
        } catch (RuntimeException | InterruptedException e) {
            service.close();
            throw e;
        }
    }

    /**
     * Replaces every task by one running {@code next}, as ECS's rolling deployment at 200 % maximum: the new tasks
     * start beside the old ones and must pass the health checks; only then do the old ones leave the load balancer
     * and stop (SIGTERM, in-flight requests finish). A new task that does not get healthy stops the new ones and
     * leaves the old ones serving, as the deployment circuit breaker's rollback does, and fails with its last lines.
     */
    synchronized void rollOut(DeployedTask next) throws InterruptedException {
        List<Task> old = List.copyOf(tasks);
        List<Task> started = new ArrayList<>();
        try {
            for (int i = 0; i < runner.taskCount(next); i++) {
                started.add(startTask(next, false));
            }
            for (Task task : started) {
                awaitHealthy(task);
            }
        } catch (RuntimeException | InterruptedException e) {
            started.forEach(this::stop);
            throw e;
        }
        current = next;
        boolean supervising = supervisor != null;
        started.forEach(task -> task.supervised = supervising);
        old.forEach(task -> task.stopping = true);
        old.forEach(this::stop);
    }

    /**
     * From now on, a task that stops on its own goes to {@code onStopped} (on a thread of its own, once its last
     * lines are read), and so does one that stopped before this call.
     */
    void supervise(Consumer<Stopped> onStopped) {
        supervisor = onStopped;
        for (Task task : tasks) {
            task.supervised = true;
            if (!task.process.process().isAlive()) {
                exited(task); // stopped between its health check and now
            }
        }
    }

    /**
     * Starts one task of the current task definition when fewer than the desired count run (a rollout may have
     * restored the count meanwhile); empty when none is missing or the service is closing.
     */
    synchronized Optional<Task> startReplacement() {
        if (closing || tasks.stream().filter(t -> !t.stopping).count() >= runner.taskCount(current)) {
            return Optional.empty();
        }
        return Optional.of(startTask(current, true));
    }

    /** The service's desired count, as the tasks run here (the JVM mode runs one). */
    synchronized int desiredCount() {
        return runner.taskCount(current);
    }

    /** How many tasks pass the health checks now. */
    int healthyCount() {
        return (int) tasks.stream().filter(t -> !t.stopping && t.target.state() == LocalLoadBalancer.State.HEALTHY)
                .count();
    }

    /** Waits until the task passes the health checks, exits, or {@code goaws.appStartTimeout} passes. */
    Health awaitHealth(Task task) throws InterruptedException {
        return switch (task.process().await(() -> balancer.awaitHealthy(task.target(), Duration.ofMillis(250)),
                startTimeout, Duration.ZERO)) {
            case READY -> Health.HEALTHY;
            case EXITED -> Health.EXITED;
            case TIMED_OUT -> Health.TIMED_OUT;
        };
    }

    Duration startTimeout() {
        return startTimeout;
    }

    /** Stops a task the scheduler gave up on (it never got healthy): drained, stopped, not reported as news. */
    Stopped stopUnhealthy(Task task) {
        task.stopping = true;
        List<String> last = task.process.tail();
        stop(task);
        return new Stopped(task.number, "no healthy answer within " + startTimeout.toSeconds()
                + " s, goaws.appStartTimeout; the last health check got: " + task.target.lastAnswer(),
                lastLines(last), false, task.ran());
    }

    /** A task that ended by itself: out of the load balancer, said, and handed to the scheduler when supervised. */
    private void exited(Task task) {
        if (!tasks.remove(task)) {
            return; // already handled
        }
        if (balancer.targets().contains(task.target)) {
            balancer.deregister(task.target);
            log.warn("[lb] task " + task.number + " stopped (exit " + task.process.process().exitValue()
                    + "); deregistered, traffic goes to " + balancer.healthyNames() + ".");
        }
        try {
            task.process.awaitOutputEnd(Duration.ofSeconds(2)); // its last lines, before they are quoted
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forget(task);
        closeLog(task);
        Consumer<Stopped> onStopped = supervisor;
        if (task.supervised && !task.stopping && !closing && onStopped != null) {
            onStopped.accept(new Stopped(task.number, "exit code " + task.process.process().exitValue(),
                    lastLines(task.process.tail()), task.wasHealthy(), task.ran()));
        }
    }

    private static List<String> lastLines(List<String> tail) {
        return List.copyOf(tail.subList(Math.max(0, tail.size() - LAST_LINES), tail.size()));
    }

    private Task startTask(DeployedTask task, boolean supervised) {
        int number = ++lastNumber;
        int port = Loopback.freePort();
        Map<String, String> environment = new LinkedHashMap<>(task.environment());
        environment.putAll(task.secrets());
        // What differs from Fargate: the emulator's endpoint and throwaway keys instead of the task role, and
        // a port of its own on loopback instead of an ENI.
        environment.putAll(localAws(aws));
        environment.put("PORT", Integer.toString(port));
        environment.put(AppEnvironment.BIND_ADDRESS, Loopback.HOST);
        BufferedWriter file;
        try {
            Files.createDirectories(logDirectory);
            file = Files.newBufferedWriter(logDirectory.resolve("task-" + number + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalAwsException("Cannot write " + logDirectory + ": " + e.getMessage(), e);
        }
        Consumer<String> output = line -> {
            log.info("[task " + number + "] " + line);
            synchronized (file) {
                try {
                    file.write(line);
                    file.newLine();
                    file.flush();
                } catch (IOException ignored) {
                    // the Maven log has the line too
                }
            }
        };
        URI url = URI.create("http://" + Loopback.HOST + ":" + port + "/");
        log.info("Task " + number + " starting on " + url.getAuthority()
                + (runner instanceof TaskRunner.Containers c ? " as container " + c.containerName(number) : "")
                + ", its output in " + logDirectory.resolve("task-" + number + ".log"));
        String container = runner instanceof TaskRunner.Containers c ? c.containerName(number) : null;
        if (guard != null && runner instanceof TaskRunner.Containers c) {
            guard.watchContainer(c.engine().executable(), container); // before it exists: no window unguarded
        }
        // Masked as the lines are read: the log, the task file and the tail a failed start quotes never show them.
        ProcessRunner.Running process = runner.start(number, task, environment,
                SecretMask.of(task.secrets().values()), output);
        if (guard != null) {
            guard.watch("task " + number, process.process().toHandle());
        }
        LocalLoadBalancer.Target target = new LocalLoadBalancer.Target(number, url);
        Task started = new Task(number, process, target, file, container);
        started.supervised = supervised;
        tasks.add(started);
        balancer.register(target);
        process.process().onExit().thenRun(() -> {
            // Off the JDK's process-reaper thread: reading the last lines may take a moment.
            Thread report = new Thread(() -> exited(started), "goaws-task-" + number + "-exit");
            report.setDaemon(true);
            report.start();
        });
        return started;
    }

    private void forget(Task task) {
        if (guard != null) {
            guard.forget(task.process.process().toHandle());
            if (task.container != null) {
                guard.forgetContainer(task.container);
            }
        }
    }

    private static void closeLog(Task task) {
        synchronized (task.logFile) {
            try {
                task.logFile.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * Takes a task out of the load balancer and lets the requests it is answering finish (at most 60 s, the
     * relay's timeout, as the ALB's idle timeout), then stops it: no request is cut off.
     */
    private void stop(Task task) {
        task.stopping = true;
        try {
            balancer.drain(task.target(), Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop it now, then
        }
        tasks.remove(task);
        task.process().close();
        closeLog(task);
        if (runner instanceof TaskRunner.Containers containers) {
            containers.engine().remove(List.of(containers.containerName(task.number())));
        }
        forget(task);
        log.info("Task " + task.number() + " stopped.");
    }

    private static Map<String, String> localAws(AwsTarget.AwsSession aws) {
        Map<String, String> env = new LinkedHashMap<>();
        aws.cliEnvironment().forEach((name, value) -> {
            if (value != null && name.startsWith("AWS_")) {
                env.put(name, value);
            }
        });
        return env;
    }

    private void awaitHealthy(Task task) throws InterruptedException {
        ProcessRunner.Running process = task.process();
        Health outcome = awaitHealth(task);
        if (outcome != Health.HEALTHY) {
            String why = outcome == Health.TIMED_OUT
                    ? "did not become healthy within " + startTimeout.toSeconds() + " s (goaws.appStartTimeout)"
                    : process.exitDescription() + " before it was healthy";
            throw new LocalAwsException("Task " + task.number() + " " + why + "; the last health check got: "
                    + task.target().lastAnswer() + ". A deployment circuit breaker would roll back here. The"
                    + " task's last lines:" + System.lineSeparator() + process.tailText());
        }
    }

    List<Integer> taskNumbers() {
        return tasks.stream().filter(t -> !t.stopping).map(Task::number).toList();
    }

    URI url() {
        return balancer.url();
    }

    List<String> containerNames() {
        return tasks.stream().map(t -> t.container).filter(java.util.Objects::nonNull).toList();
    }

    List<LocalState.Proc> processes() {
        return tasks.stream().map(t -> LocalState.Proc.of("task " + t.number(), t.process().process().toHandle()))
                .toList();
    }

    /** Stops the tasks (SIGTERM: in-flight requests finish), then the load balancer; none is replaced. */
    @Override
    public void close() {
        closing = true;
        tasks.forEach(task -> task.stopping = true);
        for (Task task : tasks) {
            balancer.deregister(task.target());
        }
        for (Task task : tasks) {
            stop(task);
        }
        balancer.close();
    }
}
