package dev.goaws.core.local;

import dev.goaws.core.engine.ContainerEngine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a running {@code goaws:up} started, written to {@code target/goaws/local.json} so {@code goaws:down}
 * (another Maven process) can stop it and nothing is left behind, and the goals that work on the running local
 * cloud ({@code run-task}, {@code exec}) find its emulator (endpoint and region) and its engine.
 */
public record LocalState(List<Proc> processes, String appUrl, String awsEndpoint, String containerEngine,
        List<String> containers, String awsRegion) {

    public LocalState {
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    public LocalState(List<Proc> processes, String appUrl, String awsEndpoint, String containerEngine,
            List<String> containers) {
        this(processes, appUrl, awsEndpoint, containerEngine, containers, null);
    }

    private static final String UP_PROCESS = "maven (goaws:up)";

    /** The {@code goaws:up} Maven process, while it runs. */
    public Optional<Proc> runningUp() {
        return processes.stream().filter(p -> p.name().equals(UP_PROCESS) && p.live().isPresent()).findFirst();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The names {@code up} records ({@link ContainerEngine#name()} of an engine it ran). */
    private static final java.util.Set<String> ENGINES = java.util.Set.of("podman", "docker");

    /** A process by pid and start time: a recycled pid is never mistaken for ours. */
    public record Proc(String name, long pid, long startMillis) {
        public static Proc of(String name, ProcessHandle handle) {
            return new Proc(name, handle.pid(), handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
        }

        Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                    .map(start -> startMillis > 0 && Math.abs(start.toEpochMilli() - startMillis) < 2000)
                    .orElse(false));
        }
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    /**
     * Reads the state {@code up} wrote. The file lies under {@code target/}, so what it says is checked before
     * {@code down} acts on it: the engine it runs must be podman or docker (never a command the file names), and
     * each process must carry its start time (without one, any process that got the pid would match).
     */
    public static Optional<LocalState> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        LocalState state = JSON.readValue(file.toFile(), LocalState.class);
        if (state.containerEngine() != null && !ENGINES.contains(state.containerEngine())) {
            throw new LocalAwsException(file + " names containerEngine '" + state.containerEngine() + "': goaws:down"
                    + " runs only podman or docker, and goaws:up records nothing else. Stop the containers yourself"
                    + " and delete the file.");
        }
        for (Proc proc : state.processes()) {
            if (proc.startMillis() <= 0) {
                throw new LocalAwsException(file + " records " + proc.name() + " (pid " + proc.pid() + ") without"
                        + " its start time, so a process that got its pid since could not be told apart: goaws:down"
                        + " stops nothing on that. Stop the processes yourself and delete the file.");
            }
        }
        return Optional.of(state);
    }

    /**
     * Stops the processes in order (the {@code up} Maven process first: its shutdown hook stops the app and
     * moto gracefully), then whatever is still alive. Returns the names of those that were running.
     */
    public List<String> stop(Duration grace) {
        List<String> stopped = new ArrayList<>();
        for (Proc proc : processes) {
            Optional<ProcessHandle> handle = proc.live();
            if (handle.isPresent()) {
                handle.get().destroy();
                try {
                    handle.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception stillAlive) {
                    handle.get().destroyForcibly();
                }
                stopped.add(proc.name() + " (pid " + proc.pid() + ")");
            }
        }
        return stopped;
    }
}
