package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.engine.Loopback;
import dev.goaws.core.local.LocalCloud;
import dev.goaws.core.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operations goals in the local cloud, from a test project's own POM ({@code src/test/projects/run-task-app}: a
 * small web app and a migration beside it): {@code goaws:run-task -Dgoaws.local=true} runs the migration once from
 * the task definition read back from the emulator, in podman at the task's limits, with the task's variables and
 * its secret (masked in the log); its exit code is the build's result, and a command that never ends is stopped at
 * {@code goaws.timeout} with no container left. {@code goaws:exec} runs a command in the running task's container.
 * Without a running local cloud both say so. Needs podman + runc ({@code .ci/run} installs them); skipped, saying
 * so, without an engine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerOperateIT {
    private static final Pattern LOGIN = Pattern.compile("Login: +user (\\S+), password (\\S+) ");
    private static final String ENGINE = "podman";
    private static final String MIGRATE = "java,-cp,/app/run-task-app-1.0.jar,example.Migrate";
    private static Path project;
    private static MavenRun maven;
    private static ProcessRunner.Running up;
    private static final StringBuilder UP_LOG = new StringBuilder();
    private static String password;

    @BeforeAll
    static void buildTheAppAndBringUpTheLocalCloud() throws Exception {
        Assumptions.assumeTrue(ContainerEngine.detect("auto", List.of()).isPresent(),
                "no container engine here (install podman and runc): run-task and exec in containers are not tested");
        Path baseImage = Path.of("target", "offline-jre.tar").toAbsolutePath();
        ProcessRunner.Result jre = ProcessRunner.run(List.of("../src/test/container/offline-jre-image.sh",
                baseImage.toString()), Map.of(), null, line -> { }, Duration.ofMinutes(5));
        assertTrue(jre.succeeded(), jre.tailText());
        project = MavenRun.testProject("run-task-app", Path.of("target", "container-operate-it").toAbsolutePath());
        maven = MavenRun.localCloud(project);
        MavenRun.Result build = maven.run("operate-build-app", "package", "goaws:build-app",
                "-Dgoaws.baseImage=tar://" + baseImage);
        assertTrue(build.succeeded(), build.log());

        CompletableFuture<Void> ready = new CompletableFuture<>();
        up = maven.start("operate-up", line -> {
            synchronized (UP_LOG) {
                UP_LOG.append(line).append('\n');
                Matcher login = LOGIN.matcher(UP_LOG);
                if (login.find() && UP_LOG.indexOf("  Stop:") >= 0) {
                    password = login.group(2);
                    ready.complete(null);
                }
            }
        }, "goaws:up", "-Dgoaws.localRuntime=container", "-Dgoaws.containerEngine=" + ENGINE,
                "-Dgoaws.localPort=" + Loopback.freePort(), "-Dgoaws.fresh=true");
        up.process().onExit().thenRun(() -> ready.completeExceptionally(new AssertionError("goaws:up ended")));
        try {
            ready.get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            up.close();
            throw new AssertionError("goaws:up did not come up:\n" + UP_LOG, e);
        }
        assertTrue(password.length() >= 8, "a generated password: " + password);
    }

    @AfterAll
    static void down() throws Exception {
        if (up == null) {
            return;
        }
        MavenRun.Result down = maven.run("operate-down", "goaws:down");
        assertTrue(down.succeeded(), down.log());
        assertTrue(up.process().waitFor(90, TimeUnit.SECONDS), "goaws:up is still running");
        assertEquals(List.of(), containers(LocalCloud.containerNamePrefix(project.resolve("target/goaws"))),
                "task containers left behind");
    }

    @Test
    @Order(1)
    void theMigrationFromThePomRunsOnceAtItsSizeWithTheTasksVariablesAndExitsZero() throws Exception {
        MavenRun.Result r = maven.run("operate-run-task", "goaws:run-task", "-Dgoaws.local=true", "-Dgoaws.cpu=512",
                "-Dgoaws.memory=1024");
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("; command: java -cp /app/run-task-app-1.0.jar example.Migrate"), r.log());
        Matcher names = Pattern.compile("\\[run-task\\] migration: environment (\\S+)").matcher(r.log());
        assertTrue(names.find(), r.log());
        List<String> environment = List.of(names.group(1).split(","));
        assertTrue(environment.containsAll(List.of("AWS_ENDPOINT_URL", "AWS_REGION", "GOAWS_PASSWORD",
                "GOAWS_TABLE_PARAMETER", "GOAWS_USERNAME", "PORT")), environment.toString());
        // goaws.memory as the container's hard limit, as the task's size is in the service's tasks
        assertTrue(r.log().contains("[run-task] migration: memory limit " + 1024L * 1024 * 1024), r.log());
        assertTrue(r.log().contains("0.5 CPU / 1024 MiB"), r.log());
        assertTrue(r.log().contains("[run-task] migration: connecting with password ****\n"), r.log());
        assertFalse(r.log().contains(password), "the secret reached the log");
        assertTrue(r.log().contains("[run-task] migration: done, exit 0"), r.log());
        assertTrue(r.log().contains("The one-off task ended with exit code 0"), r.log());
        assertEquals(List.of(), oneOffContainers(), "the one-off container is removed");
    }

    @Test
    @Order(2)
    void aNonZeroExitFailsTheBuildWithItsExitCode() throws Exception {
        MavenRun.Result r = maven.run("operate-run-task-exit-3", "goaws:run-task", "-Dgoaws.local=true",
                "-Dgoaws.command=" + MIGRATE + ",3");
        assertFalse(r.succeeded(), r.log());
        assertTrue(r.log().contains("[run-task] migration: done, exit 3"), r.log());
        assertTrue(r.log().contains("[ERROR] Failed to execute goal dev.goaws:goaws-maven-plugin:"), r.log());
        assertTrue(r.log().contains("The one-off task ended with exit code 3. Its output is above."), r.log());
        assertEquals(List.of(), oneOffContainers());
    }

    @Test
    @Order(3)
    void aCommandThatNeverEndsIsStoppedAtTheTimeoutAndLeavesNoContainer() throws Exception {
        MavenRun.Result r = maven.run("operate-run-task-timeout", "goaws:run-task", "-Dgoaws.local=true",
                "-Dgoaws.command=" + MIGRATE + ",forever", "-Dgoaws.timeout=15s");
        assertFalse(r.succeeded(), r.log());
        assertTrue(r.log().contains("[run-task] migration: waiting forever"), r.log());
        assertTrue(r.log().contains("goaws.timeout (15 s) passed: stopping the one-off task"), r.log());
        assertTrue(r.log().contains("The one-off task ran longer than goaws.timeout (15 s) and was stopped."), r.log());
        assertEquals(List.of(), oneOffContainers(), "the stopped task's container is gone");
    }

    @Test
    @Order(4)
    void execRunsACommandInTheRunningTasksContainerWithItsExitCode() throws Exception {
        MavenRun.Result r = maven.run("operate-exec", "goaws:exec", "-Dgoaws.command=" + MIGRATE);
        assertTrue(r.succeeded(), r.log());
        String task = LocalCloud.containerNamePrefix(project.resolve("target/goaws")) + 1;
        assertTrue(r.log().contains("goaws:exec in " + task + " (podman exec, no terminal)"), r.log());
        // The running task's own environment: the port the local cloud gave it, the secret masked.
        assertTrue(r.log().contains("[exec] migration: connecting with password ****\n"), r.log());
        assertFalse(r.log().contains(password), "the secret reached the log");
        assertTrue(r.log().contains("The command ended with exit code 0"), r.log());

        MavenRun.Result failing = maven.run("operate-exec-exit-3", "goaws:exec", "-Dgoaws.command=" + MIGRATE + ",3");
        assertFalse(failing.succeeded(), failing.log());
        assertTrue(failing.log().contains("ended with exit code 3"), failing.log());
        assertTrue(containers(task).contains(task), "the task keeps running");
    }

    @Test
    @Order(5)
    void withoutARunningLocalCloudExecAndTheLocalRunTaskSaySo() throws Exception {
        Path elsewhere = MavenRun.testProject("run-task-app", Path.of("target", "container-operate-it-none")
                .toAbsolutePath());
        MavenRun none = MavenRun.localCloud(elsewhere);
        MavenRun.Result exec = none.run("operate-exec-none", "goaws:exec", "-Dgoaws.command=env");
        assertFalse(exec.succeeded(), exec.log());
        assertTrue(exec.log().contains("No local cloud runs in this project (no " + elsewhere.resolve(
                "target/goaws/local.json") + "): goaws:exec works on a running one. Start it with 'mvn goaws:up'"),
                exec.log());
        MavenRun.Result runTask = none.run("operate-run-task-none", "goaws:run-task", "-Dgoaws.local=true");
        assertFalse(runTask.succeeded(), runTask.log());
        assertTrue(runTask.log().contains("No local cloud runs in this project"), runTask.log());
        assertFalse(Files.exists(elsewhere.resolve("target/goaws/local.json")));
    }

    private static List<String> oneOffContainers() throws Exception {
        return containers(LocalCloud.containerNamePrefix(project.resolve("target/goaws")).replaceFirst("-task-$",
                "-run-"));
    }

    private static List<String> containers(String prefix) throws Exception {
        List<String> lines = new ArrayList<>();
        ProcessRunner.Result result = ProcessRunner.run(List.of(ENGINE, "ps", "-a", "--format", "{{.Names}}"),
                Map.of(), null, lines::add, Duration.ofMinutes(1));
        assertTrue(result.succeeded(), String.join("\n", lines));
        return lines.stream().filter(n -> n.startsWith(prefix)).sorted().toList();
    }
}
