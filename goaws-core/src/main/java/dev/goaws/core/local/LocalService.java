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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The ECS service, locally: its tasks, each on its own loopback port (host networking has no per-task ENI),
 * registered with the local load balancer, their output in {@code tasks/task-<n>.log} with secrets masked.
 * A stopped task is deregistered and said, not replaced. {@link #rollOut} replaces the tasks with a new version
 * the way an ECS rolling deployment does.
 */
public final class LocalService implements AutoCloseable {
    /** One running task. */
    private record Task(int number, ProcessRunner.Running process, LocalLoadBalancer.Target target,
            BufferedWriter logFile) {
    }

    private final TaskRunner runner;
    private final LocalLoadBalancer balancer;
    private final Reporter log;
    private final AwsTarget.AwsSession aws;
    private final Path logDirectory;
    private final Duration startTimeout;
    private final List<Task> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int lastNumber;

    private LocalService(TaskRunner runner, LocalLoadBalancer balancer, AwsTarget.AwsSession aws, Path logDirectory,
            Duration startTimeout, Reporter log) {
        this.runner = runner;
        this.balancer = balancer;
        this.aws = aws;
        this.logDirectory = logDirectory;
        this.startTimeout = startTimeout;
        this.log = log;
    }

    /** Starts the tasks and waits until each is healthy; a task that is not fails with its last lines. */
    static LocalService start(DeployedTask task, TaskRunner runner, AwsTarget.AwsSession aws, int localPort,
            Workspace workspace, Duration startTimeout, Reporter log) throws InterruptedException {
        LocalLoadBalancer balancer = LocalLoadBalancer.start(localPort, task.healthCheck(),
                workspace.localAccessLog(), log);
        LocalService service = new LocalService(runner, balancer, aws, workspace.localTasks(), startTimeout,
                log);
        try {
            int count = runner.taskCount(task);
            if (count < 1) {
                log.warn("The service's desired count is 0: no task runs, the load balancer answers 503.");
            }
            for (int i = 0; i < count; i++) {
                service.startTask(task);
            }
            for (Task started : service.tasks) {
                service.awaitHealthy(started);
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
                started.add(startTask(next));
            }
            for (Task task : started) {
                awaitHealthy(task);
            }
        } catch (RuntimeException | InterruptedException e) {
            started.forEach(this::stop);
            throw e;
        }
        old.forEach(this::stop);
    }

    private Task startTask(DeployedTask task) {
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
        // Masked as the lines are read: the log, the task file and the tail a failed start quotes never show them.
        ProcessRunner.Running process = runner.start(number, task, environment,
                SecretMask.of(task.secrets().values()), output);
        LocalLoadBalancer.Target target = new LocalLoadBalancer.Target(number, url);
        Task started = new Task(number, process, target, file);
        tasks.add(started);
        balancer.register(target);
        process.process().onExit().thenAccept(p -> {
            if (balancer.targets().contains(target)) {
                balancer.deregister(target);
                log.warn("[lb] task " + number + " stopped (exit " + p.exitValue() + "); deregistered, traffic goes to "
                        + balancer.healthyNames() + ". Locally it is not replaced (ECS would start a new task).");
            }
        });
        return started;
    }

    /**
     * Takes a task out of the load balancer and lets the requests it is answering finish (at most 60 s, the
     * relay's timeout, as the ALB's idle timeout), then stops it: no request is cut off.
     */
    private void stop(Task task) {
        try {
            balancer.drain(task.target(), Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop it now, then
        }
        tasks.remove(task);
        task.process().close();
        try {
            task.logFile().close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (runner instanceof TaskRunner.Containers containers) {
            containers.engine().remove(List.of(containers.containerName(task.number())));
        }
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
        ProcessRunner.Running.Wait outcome = process.await(
                () -> balancer.awaitHealthy(task.target(), Duration.ofMillis(250)), startTimeout, Duration.ZERO);
        if (outcome != ProcessRunner.Running.Wait.READY) {
            String why = outcome == ProcessRunner.Running.Wait.TIMED_OUT
                    ? "did not become healthy within " + startTimeout.toSeconds() + " s (goaws.appStartTimeout)"
                    : process.exitDescription() + " before it was healthy";
            throw new LocalAwsException("Task " + task.number() + " " + why + "; the last health check got: "
                    + task.target().lastAnswer() + ". A deployment circuit breaker would roll back here. The"
                    + " task's last lines:" + System.lineSeparator() + process.tailText());
        }
    }

    /** Blocks until {@code stopping} or until every task has stopped. */
    void awaitEnd(BooleanSupplier stopping) throws InterruptedException {
        while (!stopping.getAsBoolean() && tasks.stream().anyMatch(t -> t.process().process().isAlive())) {
            Thread.sleep(250);
        }
    }

    List<Integer> taskNumbers() {
        return tasks.stream().map(Task::number).toList();
    }

    URI url() {
        return balancer.url();
    }

    String engineName() {
        return runner instanceof TaskRunner.Containers c ? c.engine().name() : null;
    }

    List<String> containerNames() {
        return runner instanceof TaskRunner.Containers c
                ? tasks.stream().map(t -> c.containerName(t.number())).toList() : List.of();
    }

    List<LocalState.Proc> processes() {
        return tasks.stream().map(t -> LocalState.Proc.of("task " + t.number(), t.process().process().toHandle()))
                .toList();
    }

    /** Stops the tasks (SIGTERM: in-flight requests finish), then the load balancer. */
    @Override
    public void close() {
        for (Task task : tasks) {
            balancer.deregister(task.target());
        }
        for (Task task : tasks) {
            stop(task);
        }
        balancer.close();
    }
}
