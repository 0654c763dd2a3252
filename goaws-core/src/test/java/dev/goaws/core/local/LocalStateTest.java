package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
                "http://127.0.0.1:2", "podman", List.of("c-1"), "eu-central-1", new LocalState.Service("app-service", 2,
                List.of(3, 4), 2, List.of("21:07:12 service app-service has started 1 tasks: task 4.")),
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

    @Test
    void anEngineOtherThanPodmanOrDockerIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        // local.json is a file under target/: whatever it names, down runs only podman or docker.
        Path marker = dir.resolve("ran");
        Path script = java.nio.file.Files.writeString(dir.resolve("engine"), "#!/bin/sh\ntouch " + marker + "\n");
        assertTrue(script.toFile().setExecutable(true));
        for (String engine : List.of(script.toString(), "sh", "podman-remote", "")) {
            java.nio.file.Files.writeString(dir.resolve("local.json"), "{\"processes\": [], \"containerEngine\": "
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(engine)
                    + ", \"containers\": [\"goaws-local-x-task-1\"]}");
            LocalAwsException e = assertThrows(LocalAwsException.class,
                    () -> LocalCloud.down(dir, dev.goaws.core.Reporter.of(l -> { }, l -> { })));
            assertTrue(e.getMessage().contains("containerEngine") && e.getMessage().contains("podman or docker"),
                    e.getMessage());
            assertFalse(java.nio.file.Files.exists(marker), engine + " was run");
        }
        for (String engine : List.of("podman", "docker")) {
            java.nio.file.Files.writeString(dir.resolve("local.json"), "{\"processes\": [], \"containerEngine\": \""
                    + engine + "\", \"containers\": []}");
            assertEquals(engine, LocalState.read(dir.resolve("local.json")).orElseThrow().containerEngine());
        }
    }

    @Test
    void aRecordedStartTimeOfZeroIsRefusedAndTheProcessLeftAlone(@TempDir Path dir) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            // 0 used to mean "unknown" and matched any process with that pid.
            java.nio.file.Files.writeString(dir.resolve("local.json"), "{\"processes\": [{\"name\": \"moto\", \"pid\": "
                    + sleeper.pid() + ", \"startMillis\": 0}], \"containers\": []}");
            LocalAwsException e = assertThrows(LocalAwsException.class,
                    () -> LocalCloud.down(dir, dev.goaws.core.Reporter.of(l -> { }, l -> { })));
            assertTrue(e.getMessage().contains("start time"), e.getMessage());
            assertTrue(sleeper.isAlive(), "a process recorded without its start time was stopped");
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
