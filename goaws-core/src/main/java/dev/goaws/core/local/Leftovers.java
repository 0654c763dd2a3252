package dev.goaws.core.local;

import dev.goaws.core.Reporter;
import dev.goaws.core.Sha256;
import dev.goaws.core.Workspace;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code goaws:up} of this project left running, found from its {@code local.json}: processes by pid and
 * start time (a recycled pid is never touched), containers by their per-project names. {@code goaws:down} stops
 * it all; a new {@code up} stops what an earlier, killed one left behind before it starts.
 */
final class Leftovers {
    private Leftovers() {
    }

    /** The state file of the project whose goaws output is {@code outputDirectory}. */
    static Path stateFile(Path outputDirectory) {
        return new Workspace(outputDirectory).localState();
    }

    /**
     * What the names of the task containers start with, for the project whose goaws output is
     * {@code outputDirectory} ({@code goaws-local-<8 hex of that path>-task-}, then the task's number): two
     * projects' local clouds on one machine never remove each other's containers.
     */
    static String containerNamePrefix(Path outputDirectory) {
        return "goaws-local-" + Sha256.hex(outputDirectory.toAbsolutePath().normalize().toString()).substring(0, 8)
                + "-task-";
    }

    /**
     * {@code goaws:down}: stops what {@code up} started (the up process first: it saves the table and stops its
     * tasks gracefully), then whatever survived, containers included, and removes the state file.
     */
    static void down(Path outputDirectory, Reporter log) {
        Path file = stateFile(outputDirectory);
        Optional<LocalState> state = read(file);
        if (state.isEmpty()) {
            log.info("No local cloud is running here (no " + file + ").");
            return;
        }
        List<String> stopped = stop(outputDirectory, state.get(), Duration.ofSeconds(60));
        delete(file);
        log.info(stopped.isEmpty() ? "The local cloud had already stopped."
                : "Stopped " + String.join(", ", stopped) + ".");
    }

    /**
     * Before a new {@code up}: when the state file names an {@code up} that no longer runs (killed, crashed), its
     * processes and containers are stopped and the file removed. Returns the {@code up} that still runs, if any.
     */
    static Optional<LocalState.Proc> clearDeadUp(Path outputDirectory, Reporter log) {
        Path file = stateFile(outputDirectory);
        Optional<LocalState> state = read(file);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        Optional<LocalState.Proc> running = state.get().runningUp();
        if (running.isPresent()) {
            return running;
        }
        String which = state.get().processes().stream().filter(p -> p.name().equals(LocalCloud.UP_PROCESS))
                .findFirst().map(p -> " (pid " + p.pid() + ")").orElse("");
        List<String> stopped = stop(outputDirectory, state.get(), Duration.ofSeconds(15));
        delete(file);
        log.warn("An earlier goaws:up here" + which + " ended without goaws:down"
                + (stopped.isEmpty() ? "; nothing of it was left running."
                : ": stopped what it left behind: " + String.join(", ", stopped) + "."));
        return Optional.empty();
    }

    private static List<String> stop(Path outputDirectory, LocalState state, Duration grace) {
        List<String> stopped = new ArrayList<>(state.stop(grace));
        if (state.containerEngine() != null) {
            ContainerEngine engine = new ContainerEngine(state.containerEngine(), List.of());
            List<String> left;
            try {
                // Every container of this project, also those started after the file was last written.
                left = engine.namesStartingWith(containerNamePrefix(outputDirectory));
            } catch (EngineException e) {
                left = state.containers(); // the engine cannot list them: the recorded ones, unknown names are fine
            }
            engine.remove(left);
            left.forEach(name -> stopped.add("container " + name));
        }
        return stopped;
    }

    private static Optional<LocalState> read(Path file) {
        try {
            return LocalState.read(file);
        } catch (IOException e) {
            throw new LocalAwsException("Cannot read " + file + ": " + e.getMessage() + ". If no goaws:up runs here,"
                    + " delete it.", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LocalAwsException("Cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
