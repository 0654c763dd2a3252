package dev.goaws.core.operate;

import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployedTask;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.engine.Loopback;
import dev.goaws.core.local.LocalApp;
import dev.goaws.core.local.LocalCloud;
import dev.goaws.core.process.ProcessRunner;
import dev.goaws.core.secrets.SecretMask;
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
 * {@code goaws:run-task -Dgoaws.local=true}: the one-off task in the running local cloud. The service's task
 * definition is read back from the emulator (as {@code goaws:up} reads it) and runs once, with {@code goaws.command}
 * replacing the container's command: in the container engine the local cloud uses, at the task's CPU and memory (or
 * {@code goaws.cpu} / {@code goaws.memory}) as hard limits, or, in the JVM mode, as a process on this machine. It
 * gets the task's variables and resolved secrets and the emulator instead of the task role; its output is printed
 * with the secrets masked, and its exit code is the result. At {@code goaws.timeout} it is stopped and removed.
 */
public final class LocalOneOffTask {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String GOAL = "goaws:run-task -Dgoaws.local=true";

    /**
     * @param outputDirectory {@code goaws.outputDirectory} of the project whose {@code goaws:up} runs
     * @param engineArgs      {@code goaws.containerArgs}: the run flags this host needs beyond the detected ones
     * @param appJar          the JVM mode's app ({@code goaws.appJar}), run when there is no command
     * @param region          {@code goaws.region}, for a local cloud that did not record its region
     */
    public record Request(String stackName, Path outputDirectory, TaskCommand command, Duration timeout, Integer cpu,
            Integer memoryMiB, List<String> engineArgs, Path appJar, String region, Reporter reporter) {
    }

    private final Request request;
    private final Reporter log;

    private LocalOneOffTask(Request request) {
        this.request = request;
        this.log = request.reporter();
    }

    /** Runs the task once; returns when it exited with 0, else fails with its exit code. */
    public static void run(Request request) {
        TaskSize.check(request.cpu(), request.memoryMiB());
        new LocalOneOffTask(request).run();
    }

    private void run() {
        RunningLocalCloud cloud = RunningLocalCloud.find(request.outputDirectory(), GOAL);
        AwsTarget.AwsSession aws = cloud.connect(request.region());
        DeployedTask task = DeployedTask.read(aws, request.stackName());
        TaskSize size = TaskSize.of(request.cpu(), request.memoryMiB(), task.cpuUnits(), task.memoryMiB());
        Map<String, String> environment = new LinkedHashMap<>(task.environment());
        environment.putAll(task.secrets());
        // As the local cloud's tasks: the emulator instead of the task role, a loopback port of its own.
        environment.putAll(RunningLocalCloud.localAwsEnvironment(aws));
        environment.put("PORT", Integer.toString(Loopback.freePort()));
        environment.put("GOAWS_BIND_ADDRESS", Loopback.HOST);
        // Masked before a line is kept (the failure's last lines) or printed.
        SecretMask mask = SecretMask.of(task.secrets().values());
        Consumer<String> out = line -> log.info("[run-task] " + line);

        Optional<ContainerEngine> engine = cloud.engine(request.engineArgs());
        if (engine.isPresent()) {
            inContainer(engine.get(), task, size, environment, mask, out);
        } else {
            asProcess(environment, mask, out);
        }
    }

    private void inContainer(ContainerEngine engine, DeployedTask task, TaskSize size, Map<String, String> environment,
            SecretMask mask, Consumer<String> out) {
        String name = LocalCloud.containerNamePrefix(request.outputDirectory()).replaceFirst("-task-$", "-run-")
                + ProcessHandle.current().pid();
        List<String> command = request.command() == null ? task.command() : request.command().argv();
        DeployedTask oneOff = new DeployedTask(task.taskDefinition(), task.image(), task.entryPoint(), command,
                task.environment(), task.secrets(), task.user(), task.containerPort(), size.cpu(), size.memoryMiB(), 1,
                task.healthCheck(), null); // a one-off task, as RunTask starts it, belongs to no service
        log.info("Running one task of " + task.taskDefinition() + " in " + engine.name() + " as container " + name
                + ": " + task.image() + ", " + oneOff.cpus() + " CPU / " + size.memoryMiB() + " MiB, user "
                + (task.user() == null ? "of the image" : task.user()) + "; command: " + (request.command() == null
                ? "the container's own" : request.command().display()));
        engine.remove(List.of(name)); // a leftover of this project's killed run would block the name
        ProcessRunner.Running running = engine.run(name, oneOff, environment, mask, out);
        // Maven stopped (Ctrl-C) while the task runs: the container goes with it.
        Thread cleanup = new Thread(() -> {
            engine.stop(name, STOP_GRACE);
            engine.remove(List.of(name));
        }, "goaws-run-task-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            await(running, () -> {
                engine.stop(name, STOP_GRACE);
                running.close();
            });
        } finally {
            engine.remove(List.of(name));
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /**
     * The JVM mode (the local cloud runs without a container engine): the command on this machine. A leading
     * {@code java} is the JDK Maven runs on, and {@code /app/...} paths are build-app's context
     * ({@code <outputDirectory>/dist/app}, the files the image holds), also the working directory; without a
     * command, the app's jar runs as the local cloud's JVM task does. No CPU or memory limits.
     */
    private void asProcess(Map<String, String> environment, SecretMask mask, Consumer<String> out) {
        Path appDirectory = request.outputDirectory().resolve("dist").resolve("app");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command;
        Path workDirectory;
        if (request.command() == null) {
            LocalApp.requireJar(request.appJar());
            command = List.of(java, "-jar", request.appJar().toString());
            workDirectory = request.appJar().toAbsolutePath().getParent();
        } else {
            command = hostCommand(request.command().argv(), java, Files.isDirectory(appDirectory) ? appDirectory : null);
            workDirectory = Files.isDirectory(appDirectory) ? appDirectory : null;
        }
        log.warn("The local cloud runs without a container engine: the one-off task runs on this machine as "
                + String.join(" ", command) + " (JVM mode: not the image, no CPU or memory limit).");
        Map<String, String> env = new LinkedHashMap<>(environment);
        // The process inherits Maven's environment: no credentials of a real account may reach it.
        env.putIfAbsent("AWS_SESSION_TOKEN", null);
        env.putIfAbsent("AWS_PROFILE", null);
        ProcessRunner.Running running;
        try {
            running = ProcessRunner.start(command, env, workDirectory, mask, out);
        } catch (ProcessRunner.ProcessException e) {
            throw new OperateException("Cannot start the one-off task: " + e.getMessage(), e);
        }
        await(running, running::close);
    }

    /** The command's words for this machine: {@code java} is this JDK's, {@code /app} is build-app's context. */
    static List<String> hostCommand(List<String> argv, String java, Path appDirectory) {
        List<String> mapped = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            if (i == 0 && word.equals("java")) {
                mapped.add(java);
            } else if (appDirectory != null) {
                List<String> parts = new ArrayList<>();
                for (String part : word.split(":", -1)) {
                    parts.add(part.equals("/app") ? appDirectory.toString()
                            : part.startsWith("/app/") ? appDirectory.resolve(part.substring(5)).toString() : part);
                }
                mapped.add(String.join(":", parts));
            } else {
                mapped.add(word);
            }
        }
        return mapped;
    }

    /** Waits for the end or the timeout; the exit code is the result. */
    private void await(ProcessRunner.Running running, Runnable stop) {
        ProcessRunner.Running.Wait outcome;
        try {
            outcome = running.await(() -> false, request.timeout(), Duration.ofMillis(250));
            if (outcome == ProcessRunner.Running.Wait.TIMED_OUT) {
                log.warn("goaws.timeout (" + TaskCommand.describe(request.timeout()) + ") passed: stopping the"
                        + " one-off task (SIGTERM, then SIGKILL after " + STOP_GRACE.toSeconds() + " s).");
                stop.run();
                running.process().waitFor(STOP_GRACE.toSeconds() * 2, java.util.concurrent.TimeUnit.SECONDS);
                throw new OperateException("The one-off task ran longer than goaws.timeout ("
                        + TaskCommand.describe(request.timeout()) + ") and was stopped.");
            }
            running.awaitOutputEnd(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            stop.run();
            Thread.currentThread().interrupt();
            throw new OperateException("Interrupted: the one-off task was stopped.", e);
        }
        int exitCode = running.process().exitValue();
        log.info("The one-off task ended with exit code " + exitCode);
        if (exitCode != 0) {
            throw new OperateException("The one-off task ended with exit code " + exitCode + ". Its output is above.");
        }
    }
}
