package dev.goaws.core.local;

import dev.goaws.core.Workspace;

import dev.goaws.core.engine.Loopback;
import dev.goaws.core.deploy.DeployedTask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.AwsTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local service's tasks: a task that runs but never passes the target group's health check fails the start
 * with its last lines and what the check got, and is stopped; what reaches the Maven log and
 * {@code tasks/task-<n>.log} has the secret values masked. The tasks are real JVMs (small apps compiled here).
 */
@WithMoto
class LocalServiceTest {
    private static final Pattern PID = Pattern.compile("pid (\\d+)");
    private static AwsTarget.AwsSession aws;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect(Moto moto) {
        // The tasks get the emulator's endpoint and throwaway keys in their environment.
        aws = moto.session();
    }

    @Test
    void aTaskListeningOnTheWrongPortFailsTheStartWithItsLastLinesAndIsStopped() throws Exception {
        // Ignores PORT, as an app with a hard-coded port would: the checks find nothing there.
        Path jar = TaskApps.jar(dir, "var s = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(\"127.0.0.1\", 0), 0);"
                + " s.createContext(\"/\", x -> { x.sendResponseHeaders(200, -1); x.close(); }); s.start();"
                + " System.out.println(\"listening on port \" + s.getAddress().getPort() + \" (PORT is \""
                + " + System.getenv(\"PORT\") + \"), pid \" + ProcessHandle.current().pid());");
        int lbPort = Loopback.freePort();
        List<String> log = new CopyOnWriteArrayList<>();
        LocalAwsException e = assertThrows(LocalAwsException.class, () -> LocalService.start(task("200,401"),
                new TaskRunner.Jvm(jar, "app"), aws, lbPort, new Workspace(dir), Duration.ofSeconds(4), reporter(log)));
        assertTrue(e.getMessage().startsWith("Task 1 did not become healthy within 4 s (goaws.appStartTimeout); the"
                + " last health check got: connection refused on /."), e.getMessage());
        assertTrue(e.getMessage().contains("The task's last lines:"), e.getMessage());
        assertTrue(e.getMessage().contains("listening on port "), e.getMessage());
        assertStopped(e.getMessage());
        assertTrue(Loopback.isFree(lbPort), "the load balancer's port is still taken");
        assertFalse(log.stream().anyMatch(l -> l.contains("healthy after")), String.join("\n", log));
    }

    @Test
    void aTaskWhoseAnswerTheMatcherRefusesFailsWithThatAnswer() throws Exception {
        Path jar = TaskApps.jar(dir, "var s = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(\"127.0.0.1\","
                + " Integer.parseInt(System.getenv(\"PORT\"))), 0);"
                + " s.createContext(\"/\", x -> { x.sendResponseHeaders(500, -1); x.close(); }); s.start();"
                + " System.out.println(\"answering 500, pid \" + ProcessHandle.current().pid());");
        LocalAwsException e = assertThrows(LocalAwsException.class, () -> LocalService.start(task("200,401"),
                new TaskRunner.Jvm(jar, "app"), aws, Loopback.freePort(), new Workspace(dir), Duration.ofSeconds(4),
                reporter(new ArrayList<>())));
        assertTrue(e.getMessage().contains("the last health check got: HTTP 500 on /."), e.getMessage());
        assertTrue(e.getMessage().contains("answering 500"), e.getMessage());
        assertStopped(e.getMessage());
    }

    @Test
    void theTaskLogHasItsOutputWithTheSecretsMasked() throws Exception {
        Path jar = TaskApps.jar(dir, "System.out.println(\"password is \" + System.getenv(\"GOAWS_PASSWORD\") + \", pid \""
                + " + ProcessHandle.current().pid()); Thread.sleep(60_000);");
        List<String> log = new CopyOnWriteArrayList<>();
        LocalAwsException neverHealthy = assertThrows(LocalAwsException.class, () -> LocalService.start(task("200"),
                new TaskRunner.Jvm(jar, "app"), aws, Loopback.freePort(), new Workspace(dir), Duration.ofSeconds(3),
                reporter(log)));
        // The failure quotes the task's last lines: masked before they were kept, so BUILD FAILURE shows no secret.
        assertTrue(neverHealthy.getMessage().contains("password is ****, pid "), neverHealthy.getMessage());
        assertFalse(neverHealthy.getMessage().contains("generated-password-1"), neverHealthy.getMessage());
        List<String> file = Files.readAllLines(new Workspace(dir).localTasks().resolve("task-1.log"));
        assertTrue(file.stream().anyMatch(l -> l.startsWith("password is ****, pid ")), String.join("\n", file));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[task 1] password is ****")), String.join("\n", log));
        assertFalse(String.join("\n", file).contains("generated-password-1"));
        assertFalse(String.join("\n", log).contains("generated-password-1"));
    }

    /** The task named in {@code message} (its "pid N" line) is gone once the failed start returns. */
    private static void assertStopped(String message) throws InterruptedException {
        Matcher pid = PID.matcher(message);
        assertTrue(pid.find(), message);
        ProcessHandle task = ProcessHandle.of(Long.parseLong(pid.group(1))).orElse(null);
        for (int i = 0; i < 150 && task != null && task.isAlive(); i++) {
            Thread.sleep(100); // SIGTERM, then SIGKILL after 10 s
        }
        assertFalse(task != null && task.isAlive(), "the task still runs after the failed start");
    }

    private static DeployedTask task(String matcher) {
        return new DeployedTask("arn:task/app:1", "app", List.of(), List.of(), Map.of("TABLE_PARAMETER", "/t"),
                Map.of("GOAWS_PASSWORD", "generated-password-1"), null, 8080, 256, 512, 1,
                new DeployedTask.TargetHealthCheck("/", matcher, Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 2),
                "app-service");
    }

    private static Reporter reporter(List<String> lines) {
        return Reporter.of(lines::add, lines::add);
    }
}
