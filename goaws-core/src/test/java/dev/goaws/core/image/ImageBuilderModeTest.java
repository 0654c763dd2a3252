package dev.goaws.core.image;

import dev.goaws.core.engine.Loopback;

import dev.goaws.core.engine.DockerDaemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.InvalidSettingException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderModeTest {
    private final AtomicInteger probes = new AtomicInteger();

    private BooleanSupplier daemon(boolean reachable) {
        return () -> {
            probes.incrementAndGet();
            return reachable;
        };
    }

    @Test
    void registryLoginsAreReadWhereTheDockerCliKeepsThem(@TempDir Path dir)
            throws Exception {
        Path home = dir.resolve("home");
        assertEquals(null, ImagePublisher.dockerConfig(Map.of(), home.toString()), "no file: no logins");
        Path inHome = home.resolve(".docker/config.json");
        Files.createDirectories(inHome.getParent());
        Files.writeString(inHome, "{}");
        assertEquals(inHome, ImagePublisher.dockerConfig(Map.of(), home.toString()));
        Path own = Files.createDirectories(dir.resolve("own"));
        assertEquals(null, ImagePublisher.dockerConfig(Map.of("DOCKER_CONFIG", own.toString()), home.toString()),
                "DOCKER_CONFIG wins, even without a file");
        Files.writeString(own.resolve("config.json"), "{}");
        assertEquals(own.resolve("config.json"),
                ImagePublisher.dockerConfig(Map.of("DOCKER_CONFIG", own.toString()), home.toString()));
    }

    @Test
    void autoPicksDockerWhenADaemonAnswersElseJib() {
        assertEquals(BuildDecision.DOCKER, ImageBuilderMode.parse(null).decide(null, daemon(true)));
        assertEquals(BuildDecision.JIB, ImageBuilderMode.parse("").decide("  ", daemon(false)));
        assertEquals(2, probes.get());
    }

    @Test
    void explicitModesOverrideTheProbeAndDoNotRunIt() {
        assertEquals(BuildDecision.JIB, ImageBuilderMode.parse("jib").decide(null, daemon(true)));
        assertEquals(BuildDecision.DOCKER, ImageBuilderMode.parse("Docker").decide(null, daemon(false)));
        assertEquals(0, probes.get());
    }

    @Test
    void aPrebuiltImageMeansNoBuildInEveryMode() {
        for (ImageBuilderMode mode : ImageBuilderMode.values()) {
            assertEquals(BuildDecision.PREBUILT, mode.decide("registry.example/app@sha256:" + "a".repeat(64), daemon(true)));
        }
        assertEquals(0, probes.get());
    }

    @Test
    void anUnknownBuilderNamesTheParameterAndTheChoices() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ImageBuilderMode.parse("podman"));
        assertEquals("goaws.imageBuilder", e.setting());
        assertTrue(e.getMessage().contains("'docker'") && e.getMessage().contains("'jib'"), e.getMessage());
    }

    @Test
    void aDaemonCountsOnlyWhenTheServerReportsAVersion(@TempDir Path dir)
            throws Exception {
        Path answering = script(dir, "answering", "echo 27.3.1");
        Path clientOnly = script(dir, "client-only", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");
        assertTrue(DockerDaemon.isReachable(answering.toString(), Map.of()));
        assertFalse(DockerDaemon.isReachable(clientOnly.toString(), Map.of()));
    }

    private static Path script(Path dir, String name, String body) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n");
        assertTrue(file.toFile().setExecutable(true));
        return file;
    }

    @Test
    void noDaemonWhenTheClientIsMissingOrTheDaemonDoesNotAnswer() throws Exception {
        assertFalse(DockerDaemon.isReachable("/nonexistent/docker-" + System.nanoTime(), Map.of()));
        // A real docker client pointed at a port where nothing listens: the client runs, the server does not answer.
        if (new java.io.File("/usr/local/bin/docker").canExecute() || new java.io.File("/usr/bin/docker").canExecute()) {
            assertFalse(DockerDaemon.isReachable("docker",
                    Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + dev.goaws.core.engine.Loopback.freePort(), "DOCKER_CONTEXT", "default")));
        }
    }
}
