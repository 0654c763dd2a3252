package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.engine.Loopback;
import dev.goaws.core.process.ProcessRunner;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code goaws:run-task -Dgoaws.local=true} in the local cloud's JVM mode (no container engine): the migration the
 * test project's POM names runs on this machine, its {@code /app} paths read as build-app's context, with the
 * task's variables and its secret masked; {@code goaws:exec} says there is no container to run a command in. Needs
 * no engine, so it runs everywhere the local cloud does.
 */
class LocalOperateJvmIT {
    private static final Pattern LOGIN = Pattern.compile("Login: +user (\\S+), password (\\S+) ");

    @Test
    void theMigrationRunsAsAProcessWithTheTasksVariablesAndExecSaysThereIsNoContainer() throws Exception {
        Path project = MavenRun.testProject("run-task-app", Path.of("target", "local-operate-jvm-it").toAbsolutePath());
        MavenRun maven = MavenRun.localCloud(project);
        MavenRun.Result build = maven.run("operate-jvm-build-app", "package", "goaws:build-app");
        assertTrue(build.succeeded(), build.log());

        StringBuilder log = new StringBuilder();
        CompletableFuture<String> ready = new CompletableFuture<>();
        ProcessRunner.Running up = maven.start("operate-jvm-up", line -> {
            synchronized (log) {
                log.append(line).append('\n');
                Matcher login = LOGIN.matcher(log);
                if (login.find() && log.indexOf("  Stop:") >= 0) {
                    ready.complete(login.group(2));
                }
            }
        }, "goaws:up", "-Dgoaws.containerEngine=none", "-Dgoaws.localPort=" + Loopback.freePort(), "-Dgoaws.fresh=true");
        up.process().onExit().thenRun(() -> ready.completeExceptionally(new AssertionError("goaws:up ended")));
        try {
            String password = ready.get(10, TimeUnit.MINUTES);
            MavenRun.Result r = maven.run("operate-jvm-run-task", "goaws:run-task", "-Dgoaws.local=true");
            assertTrue(r.succeeded(), r.log());
            assertTrue(r.log().contains("the one-off task runs on this machine as " + System.getProperty("java.home")
                    + "/bin/java -cp " + project.resolve("target/goaws/dist/app/run-task-app-1.0.jar")
                    + " example.Migrate (JVM mode"), r.log());
            assertTrue(r.log().matches("(?s).*\\[run-task\\] migration: environment \\S*GOAWS_PASSWORD,"
                    + "GOAWS_TABLE_PARAMETER,GOAWS_USERNAME\\S*\n.*"), r.log());
            assertTrue(r.log().contains("[run-task] migration: connecting with password ****\n"), r.log());
            assertFalse(r.log().contains(password), "the secret reached the log");
            assertTrue(r.log().contains("The one-off task ended with exit code 0"), r.log());

            MavenRun.Result exec = maven.run("operate-jvm-exec", "goaws:exec", "-Dgoaws.command=env");
            assertFalse(exec.succeeded(), exec.log());
            assertTrue(exec.log().contains("The local cloud runs the app as a JVM (no container engine), so there is"
                    + " no task container to run a command in."), exec.log());
        } catch (Exception | AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ngoaws:up:\n" + log, e);
        } finally {
            MavenRun.Result down = maven.run("operate-jvm-down", "goaws:down");
            assertTrue(down.succeeded(), down.log());
            assertTrue(up.process().waitFor(90, TimeUnit.SECONDS), "goaws:up is still running");
        }
    }
}
