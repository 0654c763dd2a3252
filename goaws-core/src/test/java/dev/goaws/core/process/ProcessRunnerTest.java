package dev.goaws.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one process runner, with real child processes (sh): output, environment, exit codes, time limits. */
class ProcessRunnerTest {

    @Test
    void streamsStdoutAndStderrInOrderAndKeepsTheLastFortyLines() throws Exception {
        List<String> lines = new ArrayList<>();
        ProcessRunner.Result result = ProcessRunner.run(List.of("sh", "-c",
                "echo out; echo err >&2; for i in $(seq 1 50); do echo line$i; done; exit 3"),
                Map.of(), null, lines::add, Duration.ofSeconds(30));
        assertEquals(3, result.exitCode());
        assertFalse(result.succeeded());
        assertEquals(List.of("out", "err", "line1"), lines.subList(0, 3));
        assertEquals(52, lines.size());
        assertEquals(40, result.tail().size());
        assertEquals("line11", result.tail().get(0));
        assertEquals("line50", result.tail().get(39));
    }

    @Test
    void addsAndRemovesEnvironmentVariablesAndRunsInTheWorkDirectory(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("GOAWS_TEST_VALUE", "42");
        env.put("HOME", null); // null removes a variable the JVM has
        List<String> lines = new ArrayList<>();
        ProcessRunner.Result result = ProcessRunner.run(List.of("sh", "-c",
                "echo \"value=$GOAWS_TEST_VALUE home=${HOME-unset}\"; pwd"), env, dir, lines::add, Duration.ofSeconds(30));
        assertTrue(result.succeeded());
        assertEquals("value=42 home=unset", lines.get(0));
        assertEquals(dir.toRealPath().toString(), lines.get(1));
    }

    @Test
    void aMissingCommandIsAProcessExceptionNamingIt() {
        ProcessRunner.ProcessException e = assertThrows(ProcessRunner.ProcessException.class,
                () -> ProcessRunner.run(List.of("/nonexistent/goaws-cdk", "--version"), Map.of(), null, l -> { },
                        Duration.ofSeconds(5)));
        assertTrue(e.getMessage().startsWith("Cannot start '/nonexistent/goaws-cdk'"), e.getMessage());
    }

    @Test
    void aCommandOverItsTimeIsStoppedWithTheChildrenItStarted(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        ProcessRunner.ProcessException e = assertThrows(ProcessRunner.ProcessException.class,
                () -> ProcessRunner.run(List.of("sh", "-c", "sleep 300 & echo $! > " + pidFile + "; wait"), Map.of(),
                        null, l -> { }, Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("did not finish within 2 s and was stopped"), e.getMessage());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child must be stopped too");
    }

    @Test
    void aRunningProcessStopsOnCloseAndItsTailStaysReadable() throws Exception {
        List<String> lines = new ArrayList<>();
        ProcessRunner.Running running = ProcessRunner.start(List.of("sh", "-c", "echo ready; exec sleep 300"),
                Map.of(), null, line -> {
                    synchronized (lines) {
                        lines.add(line);
                    }
                });
        assertEquals(ProcessRunner.Running.Wait.READY, running.await(() -> !running.tail().isEmpty(),
                Duration.ofSeconds(30), Duration.ofMillis(25)));
        assertEquals(List.of("ready"), running.tail());
        running.close();
        assertFalse(running.process().isAlive());
    }

    @Test
    void whatAProcessSaysWhileItStopsOnCloseStillReachesTheLog() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        // A server that reports its shutdown, as Maven's goaws:watch and the local tasks do.
        ProcessRunner.Running running = ProcessRunner.start(List.of("sh", "-c",
                "trap 'echo stopping; sleep 0.2; echo stopped; exit 0' TERM; echo ready; while :; do sleep 0.05; done"),
                Map.of(), null, lines::add);
        assertEquals(ProcessRunner.Running.Wait.READY, running.await(() -> lines.contains("ready"),
                Duration.ofSeconds(30), Duration.ofMillis(25)));
        running.close();
        assertEquals(0, running.process().exitValue(), "it stopped on SIGTERM, not on a broken pipe or SIGKILL");
        assertTrue(running.awaitOutputEnd(Duration.ofSeconds(30)), "its output was not read to its end");
        // (the shell may also report its killed sleep as "Terminated")
        assertEquals(List.of("ready", "stopping", "stopped"),
                lines.stream().filter(l -> !l.equals("Terminated")).toList());
    }

    @Test
    void awaitIsReadyWhenTheProbeSaysSoWhileTheProcessRuns() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ProcessRunner.Running running = ProcessRunner.start(
                List.of("sh", "-c", "sleep 0.2; echo listening; exec sleep 300"), Map.of(), null, lines::add)) {
            assertEquals(ProcessRunner.Running.Wait.READY,
                    running.await(() -> lines.contains("listening"), Duration.ofSeconds(20), Duration.ofMillis(20)));
            assertEquals("is still running", running.exitDescription());
        }
    }

    @Test
    void awaitReportsAChildThatDiesBeforeItIsReadyWithItsExitCodeAndLastLines() throws Exception {
        try (ProcessRunner.Running running = ProcessRunner.start(
                List.of("sh", "-c", "echo 'port 8080 in use' >&2; exit 3"), Map.of(), null, line -> { })) {
            assertEquals(ProcessRunner.Running.Wait.EXITED,
                    running.await(() -> false, Duration.ofSeconds(20), Duration.ofMillis(20)));
            running.process().waitFor(10, TimeUnit.SECONDS);
            assertEquals("exited (code 3)", running.exitDescription());
            assertTrue(running.awaitOutputEnd(Duration.ofSeconds(30)), "its output was not read to its end");
            assertEquals("port 8080 in use", running.tailText());
        }
    }

    @Test
    void awaitGivesUpAfterItsTimeoutAndLeavesTheChildToTheCaller() throws Exception {
        try (ProcessRunner.Running running = ProcessRunner.start(List.of("sleep", "5"), Map.of(), null, line -> { })) {
            long start = System.nanoTime();
            assertEquals(ProcessRunner.Running.Wait.TIMED_OUT,
                    running.await(() -> false, Duration.ofMillis(300), Duration.ofMillis(20)));
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waitedMillis >= 300 && waitedMillis < 4_000, "waited " + waitedMillis + " ms");
            assertTrue(running.process().isAlive(), "await does not stop the process; close does");
        }
    }
}
