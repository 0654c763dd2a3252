package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard beside goaws:up: when the pipe from its owner ends without a goodbye (the owner died), it stops what
 * it was told to watch and nothing else; after a goodbye it stops nothing. Real processes; the owner's death is
 * its pipe's end (the test's JVM must live on; {@code LocalCloudIT} kills a real Maven).
 */
class OrphanGuardTest {

    @TempDir
    Path dir;

    @Test
    void whenItsOwnerDiesItStopsWhatItWatchesAndNothingElse() throws Exception {
        Path logFile = dir.resolve("guard.log");
        Process watched = new ProcessBuilder("sleep", "300").start();
        Process forgotten = new ProcessBuilder("sleep", "300").start();
        try {
            OrphanGuard guard = OrphanGuard.start(logFile);
            guard.watch("task 1", watched.toHandle());
            guard.watch("task 2", forgotten.toHandle());
            guard.forget(forgotten.toHandle());
            guard.closeWithoutGoodbye();

            assertTrue(watched.waitFor(30, TimeUnit.SECONDS), "the watched process outlived its owner");
            assertTrue(guard.handle().onExit().get(30, TimeUnit.SECONDS) != null);
            assertTrue(forgotten.isAlive(), "a forgotten process was stopped");
            String log = Files.readString(logFile);
            assertTrue(log.contains("is gone without stopping its local cloud: stopping [task 1 (pid " + watched.pid()
                    + ")]"), log);
            assertTrue(log.contains("stopped pid " + watched.pid()), log);
        } finally {
            watched.destroyForcibly();
            forgotten.destroyForcibly();
        }
    }

    @Test
    void afterAGoodbyeItStopsNothing() throws Exception {
        Path logFile = dir.resolve("guard.log");
        Process watched = new ProcessBuilder("sleep", "300").start();
        try {
            OrphanGuard guard = OrphanGuard.start(logFile);
            guard.watch("moto", watched.toHandle());
            guard.close();

            assertFalse(guard.handle().isAlive(), "the guard runs on after its goodbye");
            assertTrue(watched.isAlive(), "the owner stops its processes itself after a normal stop");
            assertTrue(Files.readString(logFile).contains("stopped its local cloud itself; nothing to do"));
        } finally {
            watched.destroyForcibly();
        }
    }

    @Test
    void aRecycledPidIsNeverStopped() throws Exception {
        Path logFile = dir.resolve("guard.log");
        Process stranger = new ProcessBuilder("sleep", "300").start();
        try {
            OrphanGuard guard = OrphanGuard.start(logFile);
            // What the guard would get for a process of ours whose pid now belongs to another one: another start.
            guard.send("process " + stranger.pid() + " " + (System.currentTimeMillis() - Duration.ofHours(1)
                    .toMillis()) + " task 1");
            guard.closeWithoutGoodbye();
            assertTrue(guard.handle().onExit().get(30, TimeUnit.SECONDS) != null);
            assertTrue(stranger.isAlive(), "a process with the pid but another start time was stopped");
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void whenItsOwnerDiesItRemovesTheContainersItWatchesThroughTheirEngine() throws Exception {
        // A stand-in engine that records its arguments, at a path with a space (a user's engine may live there).
        Path engine = Files.createDirectories(dir.resolve("my engines")).resolve("podman");
        Path calls = dir.resolve("calls.txt");
        Files.writeString(engine, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n");
        assertTrue(engine.toFile().setExecutable(true));
        OrphanGuard guard = OrphanGuard.start(dir.resolve("guard.log"));
        guard.watchContainer(engine.toString(), "goaws-local-0123abcd-task-1");
        guard.watchContainer(engine.toString(), "goaws-local-0123abcd-task-2");
        guard.forgetContainer("goaws-local-0123abcd-task-2");
        guard.closeWithoutGoodbye();

        assertTrue(guard.handle().onExit().get(60, TimeUnit.SECONDS) != null);
        assertEquals(List.of("rm -f goaws-local-0123abcd-task-1"), Files.readAllLines(calls));
    }
}
