package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {

    @Test
    void downStopsRecordedProcessesAndNeverARecycledPid(@TempDir Path dir) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            LocalState.Proc ours = LocalState.Proc.of("app", sleeper.toHandle());
            // Same pid, another start time: what a recycled pid looks like. It must be left alone.
            LocalState.Proc stranger = new LocalState.Proc("moto", sleeper.pid(), ours.startMillis() - 60_000);
            LocalState state = new LocalState(List.of(stranger, ours), "http://127.0.0.1:1/", "http://127.0.0.1:2", null, List.of());
            state.write(dir.resolve("local.json"));

            LocalState read = LocalState.read(dir.resolve("local.json")).orElseThrow();
            assertEquals(state, read);
            List<String> stopped = read.stop(Duration.ofSeconds(10));

            assertEquals(List.of("app (pid " + sleeper.pid() + ")"), stopped);
            assertFalse(sleeper.isAlive());
            assertTrue(read.stop(Duration.ofSeconds(1)).isEmpty(), "stopping twice finds nothing");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void theServiceAndTheLastSaveAreKeptAndUnknownFieldsAreSkipped(@TempDir Path dir) throws Exception {
        LocalState state = new LocalState(List.of(new LocalState.Proc("moto", 1, 2)), "http://127.0.0.1:1/",
                "http://127.0.0.1:2", "podman", List.of("c-1"), new LocalState.Service("app-service", 2, List.of(3, 4),
                2, List.of("21:07:12 service app-service has started 1 tasks: task 4.")),
                new LocalState.Snapshot("t", "table-items.json", "2026-12-06T21:07:10Z", 21, 5));
        Path file = dir.resolve("local.json");
        state.write(file);
        assertEquals(state, LocalState.read(file).orElseThrow());

        // A newer goaws's file: what this one does not know is skipped, not a failure.
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replaceFirst("\\{",
                "{\"fromTheFuture\": 1,"));
        assertEquals(state, LocalState.read(file).orElseThrow());
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no partial file left behind");
        }
    }
}
