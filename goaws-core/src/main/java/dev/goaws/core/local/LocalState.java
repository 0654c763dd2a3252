package dev.goaws.core.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.engine.ContainerEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a running {@code goaws:up} started, written to {@code target/goaws/local.json} so {@code goaws:down}
 * (another Maven process) can stop it and nothing is left behind, a later {@code up} can stop the leftovers of
 * one that was killed, {@code goaws:status -Dgoaws.local=true} can show how the local cloud is doing, and the goals
 * that work on the running local cloud ({@code run-task}, {@code exec}) find its emulator (endpoint and region) and
 * its engine.
 *
 * @param containerEngine the engine's name, podman or docker ({@link ContainerEngine#name()}), never a path
 * @param service  the service's tasks, restarts and recent events; null before the tasks run
 * @param snapshot the last saved copy of the table's items; null before the first save
 */
public record LocalState(List<Proc> processes, String appUrl, String awsEndpoint, String containerEngine,
        List<String> containers, String awsRegion, Service service, Snapshot snapshot) {

    public LocalState {
        processes = processes == null ? List.of() : List.copyOf(processes);
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    public LocalState(List<Proc> processes, String appUrl, String awsEndpoint, String containerEngine,
            List<String> containers) {
        this(processes, appUrl, awsEndpoint, containerEngine, containers, null, null, null);
    }

    /** The {@code goaws:up} Maven process, while it runs. */
    public Optional<Proc> runningUp() {
        return processes.stream().filter(p -> p.name().equals(LocalCloud.UP_PROCESS) && p.live().isPresent())
                .findFirst();
    }

    // Unknown fields are skipped: a newer goaws's file must not stop an older goaws:down.
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** The names {@code up} records ({@link ContainerEngine#name()} of an engine it ran). */
    private static final java.util.Set<String> ENGINES = java.util.Set.of("podman", "docker");

    /** A process by pid and start time: a recycled pid is never mistaken for ours. */
    public record Proc(String name, long pid, long startMillis) {
        public static Proc of(String name, ProcessHandle handle) {
            return new Proc(name, handle.pid(), handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
        }

        /** The process, when it still runs and is the one recorded (same start time). */
        public Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                    .map(start -> startMillis > 0 && Math.abs(start.toEpochMilli() - startMillis) < 2000)
                    .orElse(false));
        }
    }

    /**
     * The ECS service as the local scheduler keeps it.
     *
     * @param running  the numbers of the tasks that run now
     * @param restarts how many tasks were started to replace stopped ones
     * @param events   the last service events, oldest first, each with its time
     */
    public record Service(String name, int desiredCount, List<Integer> running, int restarts, List<String> events) {
        public Service {
            running = running == null ? List.of() : List.copyOf(running);
            events = events == null ? List.of() : List.copyOf(events);
        }
    }

    /** The table's items as last saved: when, how many, where, and how often up saves them. */
    public record Snapshot(String table, String file, String savedAt, int items, int everySeconds) {
    }

    /** Written to a new file that then replaces the old one: a reader never sees half a file. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
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
