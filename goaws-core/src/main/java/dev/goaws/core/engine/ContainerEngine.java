package dev.goaws.core.engine;


import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The container engine that runs the local tasks: podman (daemonless) or a Docker daemon. Its run flags are
 * detected for the host, and {@code goaws.containerArgs} adds or overrides what the host needs beyond that.
 */
public final class ContainerEngine {
    private static final Duration QUICK = Duration.ofSeconds(60);

    private final String executable;
    private final List<String> hostFlags;

    /** An engine already known to answer (goaws:down stops what an earlier run recorded). */
    public ContainerEngine(String executable, List<String> hostFlags) {
        this.executable = executable;
        this.hostFlags = List.copyOf(hostFlags);
    }

    /** {@code goaws.containerArgs}: run flags separated by whitespace; none when unset or blank. */
    public static List<String> parseExtraArgs(String configured) {
        return configured == null || configured.isBlank() ? List.of() : List.of(configured.trim().split("\\s+"));
    }

    /**
     * @param choice {@code auto} (podman, else a Docker daemon, else none), {@code podman}, {@code docker},
     *               {@code none}, or the path of a podman/docker executable
     * @param extraArgs run flags this host needs beyond the detected ones, e.g. {@code --cgroup-manager=cgroupfs}
     * @return empty for {@code none}, or when {@code auto} finds no engine; an explicit engine that does not
     *         answer fails
     */
    public static Optional<ContainerEngine> detect(String choice, List<String> extraArgs) throws EngineException {
        String wanted = choice == null || choice.isBlank() ? "auto" : choice.trim();
        switch (wanted.toLowerCase(Locale.ROOT)) {
            case "none":
                return Optional.empty();
            case "auto":
                if (answers("podman")) {
                    return Optional.of(podman("podman", extraArgs));
                }
                return DockerDaemon.isReachable() ? Optional.of(new ContainerEngine("docker", extraArgs))
                        : Optional.empty();
            default:
                boolean podman = Path.of(wanted).getFileName().toString().startsWith("podman");
                if (!answers(wanted)) {
                    throw new InvalidSettingException("goaws.containerEngine", "'" + wanted + "' does not answer '"
                            + wanted + " version'. Install podman (and runc), start Docker, or use auto or none.");
                }
                return Optional.of(podman ? podman(wanted, extraArgs) : new ContainerEngine(wanted, extraArgs));
        }
    }

    /**
     * podman's defaults copy the host's rlimits, which some hosts refuse inside a container ("setrlimit:
     * Operation not permitted"): explicit limits always work. crun cannot run on hybrid cgroups (v1 with a v2
     * mount), runc can: use it there when it is installed.
     */
    private static ContainerEngine podman(String executable, List<String> extraArgs) {
        List<String> flags = new ArrayList<>(List.of("--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"));
        if (Files.isDirectory(Path.of("/sys/fs/cgroup/unified")) && onPath("runc")
                && !extraArgs.stream().anyMatch(a -> a.startsWith("--runtime"))) {
            flags.addAll(List.of("--runtime", "runc"));
        }
        flags.addAll(extraArgs);
        return new ContainerEngine(executable, flags);
    }

    private static boolean answers(String executable) {
        try {
            return ProcessRunner.run(List.of(executable, "version"), Map.of(), null, line -> { }, QUICK).succeeded();
        } catch (ProcessRunner.ProcessException e) {
            return false;
        }
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
    }

    public String name() {
        return Path.of(executable).getFileName().toString();
    }

    /** The engine's command as configured (a name on the PATH or a path). */
    public String executable() {
        return executable;
    }

    /** Loads an image tarball (Docker archive or OCI) and returns the name it was loaded as. */
    public String load(Path tar, String expectedName) throws EngineException {
        ProcessRunner.Result result = quick(List.of(executable, "load", "-i", tar.toString()));
        if (!result.succeeded()) {
            throw new EngineException(name() + " could not load " + tar + ":" + System.lineSeparator()
                    + result.tailText());
        }
        return expectedName;
    }

    /**
     * Starts one task in the foreground: the engine's process lives as long as the container, and stopping it
     * (SIGTERM) stops the container, which is removed. Values of {@code environment} reach the container through
     * the engine's own environment ({@code --env NAME}), never its command line, so secrets stay out of
     * {@code ps}. Host networking: the task listens on 127.0.0.1 at its own port. Its output is masked by
     * {@code mask} before it is kept or handed on.
     */
    public ProcessRunner.Running run(String containerName, ContainerSpec task, Map<String, String> environment,
            UnaryOperator<String> mask, Consumer<String> output) throws EngineException {
        List<String> limits = List.of("--cpus", task.cpus(), "--memory", task.memoryMiB() + "m",
                "--memory-swap", task.memoryMiB() + "m", "--label", "dev.goaws.local=task");
        return start(containerName, task.image(), task.user(), task.entryPoint(), task.command(), limits,
                environment, mask, output);
    }

    /**
     * Starts a one-off container like {@link #run} (foreground, removed when it ends, host network), without
     * resource limits and with {@code hostDirectory} mounted read-write at {@code mountPoint}: for a build step
     * that leaves a file behind (the class-data training run). {@code command} replaces the image's command;
     * empty runs the image's own.
     */
    public ProcessRunner.Running runWithMount(String containerName, String image, String user, List<String> command,
            Map<String, String> environment, Path hostDirectory, String mountPoint, Consumer<String> output)
            throws EngineException {
        return runWithMount(containerName, image, user, command, environment, null, 0, hostDirectory, mountPoint,
                output);
    }

    /**
     * {@link #runWithMount(String, String, String, List, Map, Path, String, Consumer)} with a task's CPU and memory
     * as hard limits (as {@link #run} sets them), e.g. a training run at the size the image will run at.
     *
     * @param cpus      e.g. {@code 0.25}, or null for no limits
     * @param memoryMiB the memory limit (no swap beyond it)
     */
    public ProcessRunner.Running runWithMount(String containerName, String image, String user, List<String> command,
            Map<String, String> environment, String cpus, int memoryMiB, Path hostDirectory, String mountPoint,
            Consumer<String> output) throws EngineException {
        List<String> flags = new ArrayList<>(List.of("--volume", hostDirectory.toAbsolutePath() + ":" + mountPoint
                + ":rw", "--label", "dev.goaws.build=training"));
        if (cpus != null) {
            flags.addAll(List.of("--cpus", cpus, "--memory", memoryMiB + "m", "--memory-swap", memoryMiB + "m"));
        }
        // a throwaway login: nothing to mask
        return start(containerName, image, user, List.of(), command, flags, environment, UnaryOperator.identity(),
                output);
    }

    /**
     * Runs {@code command} (replacing the image's command) in a throwaway container of {@code image} to its end and
     * returns its output (stdout and stderr), e.g. {@code java -version}; fails when it does not exit with 0 within
     * a minute.
     */
    public List<String> output(String containerName, String image, List<String> command) throws EngineException {
        List<String> argv = runCommand(containerName, image, null, List.of(), command, List.of(), Map.of());
        ProcessRunner.Result result;
        try {
            result = ProcessRunner.run(argv, Map.of(), null, line -> { }, QUICK);
        } catch (ProcessRunner.ProcessException e) {
            remove(List.of(containerName));
            throw new EngineException(name() + " run of " + image + " " + command + ": " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw new EngineException(name() + " run of " + image + " " + command + " exited (code "
                    + result.exitCode() + "):" + System.lineSeparator() + result.tailText());
        }
        return result.tail();
    }

    private ProcessRunner.Running start(String containerName, String image, String user, List<String> entryPoint,
            List<String> arguments, List<String> runFlags, Map<String, String> environment,
            UnaryOperator<String> mask, Consumer<String> output) throws EngineException {
        List<String> command = runCommand(containerName, image, user, entryPoint, arguments, runFlags, environment);
        try {
            return ProcessRunner.start(command, new HashMap<>(environment), null, mask, output);
        } catch (ProcessRunner.ProcessException e) {
            throw new EngineException("Cannot start " + name() + ": " + e.getMessage(), e);
        }
    }

    private List<String> runCommand(String containerName, String image, String user, List<String> entryPoint,
            List<String> arguments, List<String> runFlags, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(executable, "run", "--rm", "--name", containerName,
                "--network", "host"));
        command.addAll(runFlags);
        command.addAll(hostFlags);
        if (user != null && !user.isBlank()) {
            command.addAll(List.of("--user", user));
        }
        for (String name : environment.keySet()) {
            command.addAll(List.of("--env", name));
        }
        if (!entryPoint.isEmpty()) {
            command.addAll(List.of("--entrypoint", toJsonArray(entryPoint)));
        }
        command.add(image);
        command.addAll(arguments);
        return command;
    }

    /**
     * Runs {@code command} in the running container {@code containerName} ({@code exec}, no terminal, no input) and
     * returns how it ended; its output lines go to {@code output} as they come. A command still running after
     * {@code timeout} is stopped.
     */
    public ProcessRunner.Result exec(String containerName, List<String> command, Consumer<String> output,
            Duration timeout) throws EngineException {
        List<String> argv = new ArrayList<>(List.of(executable, "exec", containerName));
        argv.addAll(command);
        try {
            return ProcessRunner.run(argv, Map.of(), null, output, timeout);
        } catch (ProcessRunner.ProcessException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /** Stops a container: SIGTERM, then SIGKILL after {@code grace}; true when it has stopped. */
    public boolean stop(String containerName, Duration grace) throws EngineException {
        return quick(List.of(executable, "stop", "-t", Long.toString(grace.toSeconds()), containerName)).succeeded();
    }

    /** Removes an image by name; an unknown one is fine. */
    public void removeImage(String image) {
        try {
            quick(List.of(executable, "rmi", "-f", image));
        } catch (EngineException ignored) {
            // best effort: a leftover image costs disk space only
        }
    }

    /** Removes the containers (running or not); unknown names are fine. */
    public void remove(List<String> containerNames) {
        if (containerNames.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(executable, "rm", "-f", "--ignore"));
        if (name().startsWith("docker")) {
            command.remove("--ignore");
        }
        command.addAll(containerNames);
        try {
            quick(command);
        } catch (EngineException ignored) {
            // best effort: down reports what is left
        }
    }

    /** Names of this engine's containers, running or not, that start with {@code prefix}. */
    public List<String> namesStartingWith(String prefix) throws EngineException {
        List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>(); // every line: the tail keeps 40
        ProcessRunner.Result result;
        try {
            result = ProcessRunner.run(List.of(executable, "ps", "-a", "--format", "{{.Names}}"), Map.of(), null,
                    names::add, QUICK);
        } catch (ProcessRunner.ProcessException e) {
            throw new EngineException(e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw new EngineException(name() + " could not list its containers:" + System.lineSeparator()
                    + result.tailText());
        }
        return names.stream().map(String::trim).filter(n -> n.startsWith(prefix)).sorted().toList();
    }

    /** Names of this engine's containers that are running now among {@code containerNames}. */
    public List<String> running(List<String> containerNames) throws EngineException {
        ProcessRunner.Result result = quick(List.of(executable, "ps", "--format", "{{.Names}}"));
        return containerNames.stream().filter(n -> result.tail().stream().anyMatch(l -> l.trim().equals(n)))
                .toList();
    }

    private ProcessRunner.Result quick(List<String> command) throws EngineException {
        try {
            return ProcessRunner.run(command, Map.of(), null, line -> { }, QUICK);
        } catch (ProcessRunner.ProcessException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    private static String toJsonArray(List<String> values) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name() + " " + String.join(" ", hostFlags);
    }
}
