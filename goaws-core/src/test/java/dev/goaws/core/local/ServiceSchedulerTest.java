package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.Reporter;
import dev.goaws.core.Workspace;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployedTask;
import dev.goaws.core.engine.Loopback;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The local service keeps its desired count as ECS's scheduler does: a killed task is replaced and serves behind
 * the load balancer; a task that keeps failing is restarted after waits that double; one that never answers is
 * stopped and replaced. The tasks are real JVMs ({@link TaskApps#controllable}); the waits are read from the log,
 * never timed.
 */
@WithMoto
class ServiceSchedulerTest {
    private static final Pattern WAIT = Pattern.compile("the replacement of task \\d+ starts in ([0-9.]+) s");
    /** Short waits: the policy is the same, the test is quicker. */
    private static final RestartBackoff BACKOFF = new RestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    private static AwsTarget.AwsSession aws;

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void connect(Moto moto) {
        // The tasks get the emulator's endpoint and throwaway keys in their environment.
        aws = moto.session();
    }

    @Test
    void aKilledTaskIsReplacedAndTheReplacementServesBehindTheLoadBalancer() throws Exception {
        Path jar = TaskApps.controllable(dir);
        try (LocalService service = start(jar, Duration.ofSeconds(60));
                ServiceScheduler scheduler = ServiceScheduler.start(service, "app-service", BACKOFF, reporter(),
                        () -> { })) {
            kill(service);

            awaitLog("[ecs] service app-service has reached a steady state.");
            assertTrue(log.contains("[ecs] service app-service has stopped 1 running tasks: task 1."), text());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("[ecs] task 1 stopped (exit code 137) after ")),
                    text());
            assertTrue(log.contains("[ecs] service app-service has started 1 tasks: task 2."), text());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("[lb] task 2 healthy after ")), text());
            assertEquals(List.of(2), service.taskNumbers());
            assertEquals(1, scheduler.restarts());
            assertEquals(200, get(service.url()));
            List<String> events = scheduler.events().stream().map(e -> e.substring(e.indexOf(' ') + 1)).toList();
            assertEquals(List.of("service app-service has stopped 1 running tasks: task 1.",
                    "service app-service has started 1 tasks: task 2.",
                    "service app-service has reached a steady state."), events);
        }
    }

    @Test
    void aTaskThatExitsAtOnceEveryTimeWaitsLongerBeforeEachRestartUntilOneServesAgain() throws Exception {
        Path jar = TaskApps.controllable(dir);
        try (LocalService service = start(jar, Duration.ofSeconds(60));
                ServiceScheduler scheduler = ServiceScheduler.start(service, "app-service", BACKOFF, reporter(),
                        () -> { })) {
            Files.createFile(dir.resolve("broken")); // every task from now on exits at once
            kill(service);
            awaitLog("(throttled: 4 failed start(s) in a row)");

            List<Double> waits = waits();
            // The healthy task's replacement waits the first step; each failed start in a row doubles the wait.
            assertEquals(List.of(0.2, 0.4, 0.8, 1.6, 3.2), waits.subList(0, 5), text());
            assertTrue(log.contains("[ecs] service app-service is unable to consistently start tasks successfully."),
                    text());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("[ecs] task 2 stopped (exit code 3) after ")
                    && l.contains(", before it ever passed the health checks. Its last lines:")
                    && l.contains("broken build: exiting")), text());

            Files.delete(dir.resolve("broken")); // fixed: the next restart serves, and the waits start over
            awaitLog("[ecs] service app-service has reached a steady state.");
            assertEquals(200, get(service.url()));
            int restarts = scheduler.restarts();
            assertTrue(restarts >= 5, restarts + " restarts");
            int before = waits().size();
            kill(service);
            awaitLogCount("[ecs] service app-service has reached a steady state.", 2);
            assertEquals(0.2, waits().get(before), "a task that served is replaced after the first wait:\n" + text());
            assertEquals(restarts + 1, scheduler.restarts());
        }
    }

    @Test
    void aReplacementThatNeverAnswersIsStoppedAfterTheStartTimeoutAndReplaced() throws Exception {
        Path jar = TaskApps.controllable(dir);
        try (LocalService service = start(jar, Duration.ofSeconds(15));
                ServiceScheduler scheduler = ServiceScheduler.start(service, "app-service", BACKOFF, reporter(),
                        () -> { })) {
            Path silent = Files.createFile(dir.resolve("silent"));
            kill(service);
            awaitLog("[task 2] stuck before listening");
            Files.delete(silent); // task 2 is stuck already; its replacement answers

            awaitLog("[ecs] service app-service has reached a steady state.");
            assertTrue(log.contains("[ecs] task 2 did not pass the health checks within 15 s (goaws.appStartTimeout):"
                    + " stopped, as ECS stops a task that fails its load balancer's health checks."), text());
            assertTrue(log.contains("[ecs] service app-service has stopped 1 running tasks: task 2."), text());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("[ecs] task 2 stopped (no healthy answer within 15 s,"
                    + " goaws.appStartTimeout; the last health check got: connection refused on /) after ")
                    && l.contains("stuck before listening")), text());
            assertEquals(List.of(0.2, 0.4), waits(), "the stuck task counts as a failed start");
            assertEquals(List.of(3), service.taskNumbers());
            assertEquals(200, get(service.url()));
        }
    }

    private LocalService start(Path jar, Duration startTimeout) throws InterruptedException {
        return LocalService.start(task(), new TaskRunner.Jvm(jar, "app"), aws, Loopback.freePort(), new Workspace(dir),
                startTimeout, reporter());
    }

    /** kill -9 of the one task. */
    private static void kill(LocalService service) {
        long pid = service.processes().get(0).pid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    }

    private List<Double> waits() {
        List<Double> waits = new ArrayList<>();
        for (String line : log) {
            Matcher wait = WAIT.matcher(line);
            if (wait.find()) {
                waits.add(Double.parseDouble(wait.group(1)));
            }
        }
        return waits;
    }

    private int get(URI url) throws Exception {
        return http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void awaitLog(String text) throws InterruptedException {
        awaitLogCount(text, 1);
    }

    /** Waits (bounded, not a timing assertion) until {@code count} lines contain {@code text}. */
    private void awaitLogCount(String text, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (log.stream().filter(l -> l.contains(text)).count() < count) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in:\n" + text());
            Thread.sleep(100);
        }
    }

    private String text() {
        return String.join("\n", log);
    }

    private Reporter reporter() {
        return Reporter.of(log::add, log::add);
    }

    private static DeployedTask task() {
        return new DeployedTask("arn:task/app:1", "app", List.of(), List.of(), Map.of(), Map.of(), null, 8080, 256,
                512, 1, new DeployedTask.TargetHealthCheck("/", "200", Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
                2), "app-service");
    }
}
