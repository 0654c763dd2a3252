package dev.goaws.core.engine;

import dev.goaws.core.deploy.DeployedTask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the engine, its host flags, and how a task's settings and secrets reach {@code run}. */
class ContainerEngineTest {

    @Test
    void noneMeansTheJvmModeAndAnEngineThatDoesNotAnswerNamesTheSetting(@TempDir Path dir) {
        assertEquals(Optional.empty(), ContainerEngine.detect("none", List.of()));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ContainerEngine.detect(dir.resolve("podman").toString(), List.of()));
        assertEquals("goaws.containerEngine", e.setting());
        assertTrue(e.getMessage().contains("does not answer") && e.getMessage().contains("auto or none"),
                e.getMessage());
    }

    @Test
    void theHostsExtraFlagsAreSplitAtWhitespace() {
        assertEquals(List.of(), ContainerEngine.parseExtraArgs(null));
        assertEquals(List.of(), ContainerEngine.parseExtraArgs("  "));
        assertEquals(List.of("--runtime", "crun", "--cgroup-manager=cgroupfs"),
                ContainerEngine.parseExtraArgs(" --runtime  crun\t--cgroup-manager=cgroupfs "));
    }

    @Test
    @Tag("engine")
    void podmanGetsExplicitUlimitsAndTheHostsExtraFlags() {
        Optional<ContainerEngine> podman = ContainerEngine.detect("auto", List.of("--cgroup-manager=cgroupfs"));
        Assumptions.assumeTrue(podman.isPresent() && podman.get().name().equals("podman"),
                "podman is not installed here: its host flags are not checked");
        String flags = podman.get().toString();
        assertTrue(flags.contains("--ulimit nofile=4096:4096 --ulimit nproc=4096:4096"), flags);
        assertTrue(flags.endsWith("--cgroup-manager=cgroupfs"), flags);
        // A runtime the user names replaces the detected one.
        String own = ContainerEngine.detect("podman", List.of("--runtime", "crun")).orElseThrow().toString();
        assertFalse(own.contains("--runtime runc"), own);
        assertTrue(own.contains("--runtime crun"), own);
    }

    @Test
    void theTasksSizeUserAndEntryPointAreRunFlagsButSecretValuesOnlyReachItsEnvironment(@TempDir Path dir)
            throws Exception {
        // A stand-in for the engine (hand-written, the one fake here): a script that prints the command line it
        // got, as `ps` would show it, and the value that reached its environment.
        Path engine = Files.writeString(dir.resolve("engine"), "#!/bin/sh\necho \"argv: $*\"\n"
                + "echo \"env: $GOAWS_PASSWORD\"\n");
        Files.setPosixFilePermissions(engine, PosixFilePermissions.fromString("rwxr-xr-x"));
        DeployedTask task = new DeployedTask("arn:task/app:3", "goaws/app:abc", List.of("java", "-jar", "/app/a.jar"),
                List.of("--serve"), Map.of("TABLE_PARAMETER", "/go-on-aws/table"),
                Map.of("GOAWS_PASSWORD", "generated-password-1"), "65532", 8080, 256, 512, 1,
                new DeployedTask.TargetHealthCheck("/", "200,401", Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 2),
                "app-service");
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessRunner.Running running = new ContainerEngine(engine.toString(), List.of("--ulimit", "nofile=4096:4096"))
                .run("goaws-local-task-1", task, Map.of("GOAWS_PASSWORD", "generated-password-1", "PORT", "41234"),
                        java.util.function.UnaryOperator.identity(), lines::add); // unmasked: the value is checked
        assertEquals(0, running.process().waitFor());
        assertTrue(running.awaitOutputEnd(Duration.ofSeconds(30)), "the engine's output was not read to its end");
        String argv = lines.get(0);
        assertTrue(argv.contains("run --rm --name goaws-local-task-1 --network host --cpus 0.25 --memory 512m"
                + " --memory-swap 512m"), argv);
        assertTrue(argv.contains("--ulimit nofile=4096:4096 --user 65532"), argv);
        assertTrue(argv.contains("--env GOAWS_PASSWORD") && argv.contains("--env PORT"), argv);
        assertTrue(argv.endsWith("--entrypoint [\"java\",\"-jar\",\"/app/a.jar\"] goaws/app:abc --serve"), argv);
        assertFalse(argv.contains("generated-password-1"), "a secret on the engine's command line: " + argv);
        assertEquals("env: generated-password-1", lines.get(1));
    }
}
