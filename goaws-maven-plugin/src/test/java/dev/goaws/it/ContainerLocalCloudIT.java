package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.FileTrees;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.local.LocalCloud;
import dev.goaws.core.local.LocalState;
import dev.goaws.core.engine.Loopback;
import dev.goaws.core.process.ProcessRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The product's core promise, on this machine: the sample app's real image, built by goaws with Jib (no Docker)
 * on a JRE base goaws links from a local JDK ({@code goaws.baseImage=jlink}: no registry, no script), runs as the
 * deployed task definition says — 0.25 CPU, 512 MiB, non-root, its login
 * from the emulated secret, its table through SSM — behind a load balancer that health-checks it. Needs a
 * container engine (podman + runc; {@code .ci/run} installs them); skipped, saying so, without one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerLocalCloudIT {
    private static final Pattern UP = Pattern.compile("App: +(http://127\\.0\\.0\\.1:\\d+/)");
    private static final Pattern LOGIN = Pattern.compile("Login: +user (\\S+), password (\\S+) ");
    private static final String ENGINE = "podman";
    /** The JRE base, made by goaws from a JDK of this machine and cached in the IT repository after the first build. */
    private static final String BASE = "-Dgoaws.baseImage=jlink";
    private static Path project;
    private static String appJar;
    private static MavenRun maven;
    private static String login;
    private final HttpClient http = HttpClient.newHttpClient();

    /** A running goaws:up: its URL and log. */
    private record Up(ProcessRunner.Running process, URI url, StringBuilder log) {
    }

    @BeforeAll
    static void aProjectWithoutAnImageContext() throws Exception {
        Assumptions.assumeTrue(ContainerEngine.detect("auto", List.of()).isPresent(),
                "no container engine here (install podman and runc): the container mode is not tested");
        Path jar = Path.of(System.getProperty("goaws.it.appJar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'mvn verify' from the repository root");
        appJar = "-Dgoaws.appJar=" + jar;
        project = Path.of("target", "container-local-it").toAbsolutePath();
        MavenRun.userProject(project);
        maven = MavenRun.localCloud(project);
        // goaws:up writes build-app's context itself when there is none (README's command 1 runs no build-app).
        FileTrees.deleteRecursively(project.resolve("target/goaws/dist"));
    }

    private Up up(String name, String... properties) throws Exception {
        return up(maven, name, properties);
    }

    private Up up(MavenRun maven, String name, String... properties) throws Exception {
        return up(maven, name, line -> { }, properties);
    }

    /** goaws:up until its banner is complete; {@code onLine} sees each line as it comes (on Maven's output thread). */
    private Up up(MavenRun maven, String name, java.util.function.Consumer<String> onLine, String... properties)
            throws Exception {
        StringBuilder log = new StringBuilder();
        CompletableFuture<URI> ready = new CompletableFuture<>();
        List<String> args = new ArrayList<>(List.of("goaws:up", "-Dgoaws.localRuntime=container",
                "-Dgoaws.containerEngine=" + ENGINE, "-Dgoaws.localPort=" + Loopback.freePort(), BASE));
        args.addAll(List.of(properties));
        ProcessRunner.Running process = maven.start(name, line -> {
            onLine.accept(line);
            synchronized (log) {
                log.append(line).append('\n');
                Matcher url = UP.matcher(log);
                Matcher credentials = LOGIN.matcher(log);
                if (line.contains("goaws local cloud is up")) {
                    // the banner's lines follow
                } else if (url.find() && credentials.find() && log.indexOf("  Stop:") >= 0) {
                    login = credentials.group(1) + ":" + credentials.group(2);
                    ready.complete(URI.create(url.group(1)));
                }
            }
        }, args.toArray(String[]::new));
        process.process().onExit().thenRun(() -> ready.completeExceptionally(new AssertionError("goaws:up ended")));
        try {
            return new Up(process, ready.get(10, TimeUnit.MINUTES), log);
        } catch (Exception e) {
            process.close();
            throw new AssertionError("goaws:up did not come up:\n" + log, e);
        }
    }

    private HttpResponse<String> get(URI url, String path, boolean withLogin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path));
        if (withLogin) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> podman(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ENGINE));
        command.addAll(List.of(args));
        List<String> lines = new ArrayList<>();
        ProcessRunner.Result result = ProcessRunner.run(command, Map.of(), null, lines::add, Duration.ofMinutes(1));
        assertTrue(result.succeeded(), String.join("\n", lines));
        return lines;
    }

    private static List<String> taskContainers() throws Exception {
        return containers(containerPrefix());
    }

    private static List<String> trainingImages() throws Exception {
        return podman("images", "--format", "{{.Repository}}").stream().filter(l -> l.contains("goaws-class-data-"))
                .toList();
    }

    private static List<String> containers(String prefix) throws Exception {
        return podman("ps", "-a", "--format", "{{.Names}}").stream().filter(n -> n.startsWith(prefix)).sorted()
                .toList();
    }

    /** This project's task containers: another project's local cloud on the machine is none of the test's business. */
    private static String containerPrefix() {
        return LocalCloud.containerNamePrefix(project.resolve("target/goaws"));
    }

    private static List<String> accessLog() throws Exception {
        Path file = project.resolve("target/goaws/local/access.log");
        return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
    }

    private void down(Up up) throws Exception {
        LocalState state = LocalState.read(project.resolve("target/goaws/local.json")).orElseThrow();
        MavenRun.Result down = maven.run("container-down", "goaws:down");
        assertTrue(down.succeeded(), down.log());
        assertTrue(up.process().process().waitFor(90, TimeUnit.SECONDS), "goaws:up is still running");
        for (LocalState.Proc proc : state.processes()) {
            assertFalse(ProcessHandle.of(proc.pid()).map(ProcessHandle::isAlive).orElse(false),
                    proc + " survived goaws:down");
        }
        assertEquals(List.of(), taskContainers(), "containers left behind");
        assertTrue(Loopback.isFree(up.url().getPort()), "the load balancer's port is still taken");
        assertTrue(Loopback.isFree(URI.create(state.awsEndpoint()).getPort()), "moto's port is still taken");
    }

    @Test
    @Order(1)
    void twoTasksOfTheRealImageRunAtTheirSizeBehindTheHealthCheckingLoadBalancer() throws Exception {
        Up up = up("container-up-two", appJar, "-Dgoaws.seedItems=20", "-Dgoaws.desiredCount=2", "-Dgoaws.fresh=true");
        try {
            String log = up.log().toString();
            assertTrue(log.contains("Building the app's image context, as goaws:build-app does: there is no image"
                    + " context in " + project.resolve("target/goaws/dist")), log);
            assertTrue(log.contains("JRE base image: "), log);
            assertTrue(log.contains("Training the start-up cache (AOT cache, Java 25)"), log);
            assertTrue(Files.isRegularFile(project.resolve("target/goaws/dist/goaws-image.json")));
            assertTrue(log.contains("[lb] task 1 healthy after "), log);
            assertTrue(log.contains("[lb] task 2 healthy after "), log);
            assertTrue(log.contains("2 container(s) of goaws/"), log);
            assertFalse(log.contains(login.substring(login.indexOf(':') + 1) + "\n"), "the password in a task line");
            for (String container : List.of(containerPrefix() + 1, containerPrefix() + 2)) {
                // The task's size as hard limits, and the image's non-root user.
                assertEquals(List.of("250000000 536870912 65532:65532"), podman("inspect", container, "--format",
                        "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.Config.User}}"));
            }
            assertEquals(401, get(up.url(), "/query?format=json", false).statusCode());
            HttpResponse<String> query = get(up.url(), "/query?format=json", true);
            assertEquals(200, query.statusCode(), query.body());
            JsonNode json = new ObjectMapper().readTree(query.body());
            assertEquals(20, json.path("count").asInt(), query.body());
            assertTrue(json.path("table").asText().startsWith("goaws-table-"), "the table name came from SSM");

            for (int i = 0; i < 10; i++) {
                assertEquals(200, get(up.url(), "/query?format=json", true).statusCode());
            }
            List<String> access = accessLog();
            assertTrue(access.stream().anyMatch(l -> l.contains(" task-1 ")), String.join("\n", access));
            assertTrue(access.stream().anyMatch(l -> l.contains(" task-2 ")), String.join("\n", access));

            // Written before down, through the emulator's API: must be there after the next up.
            LocalState state = LocalState.read(project.resolve("target/goaws/local.json")).orElseThrow();
            try (DynamoDbClient dynamo = AwsTarget.of("eu-central-1", null, state.awsEndpoint(), null, Map.of())
                    .withLocalCredentials().connect().dynamoDb()) {
                dynamo.putItem(b -> b.tableName(json.path("table").asText()).item(Map.of(
                        "itemID", AttributeValue.fromS("written-before-down"),
                        "name", AttributeValue.fromS("kept across down and up"))));
            }

            podman("kill", containerPrefix() + 2);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!up.log().toString().contains("[lb] task 2 stopped") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(up.log().toString().contains("[lb] task 2 stopped"), up.log().toString());
            assertTrue(up.log().toString().contains("traffic goes to task 1"), up.log().toString());
            int before = accessLog().size();
            for (int i = 0; i < 6; i++) {
                assertEquals(200, get(up.url(), "/query?format=json", true).statusCode());
            }
            // Each line is written once its response is out: wait (bounded) for the six, then read who answered.
            long written = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (accessLog().size() < before + 6 && System.nanoTime() < written) {
                Thread.sleep(50);
            }
            List<String> after = accessLog().subList(before, accessLog().size());
            assertEquals(6, after.stream().filter(l -> l.contains(" task-1 ")).count(), String.join("\n", after));

            // ECS's scheduler keeps the desired count: a new task replaces the killed one and takes traffic.
            String service = service(up);
            awaitLog(up, "[ecs] service " + service + " has reached a steady state.");
            String events = up.log().toString();
            assertTrue(events.contains("[ecs] service " + service + " has stopped 1 running tasks: task 2."), events);
            assertTrue(events.contains("[ecs] task 2 stopped (exit code 137) after "), events);
            assertTrue(events.contains("[ecs] service " + service + ": the replacement of task 2 starts in 1 s"),
                    events);
            assertTrue(events.contains("[ecs] service " + service + " has started 1 tasks: task 3."), events);
            assertTrue(events.contains("[lb] task 3 healthy after "), events);
            assertEquals(List.of(containerPrefix() + 1, containerPrefix() + 3), taskContainers());
            int replaced = accessLog().size();
            for (int i = 0; i < 10; i++) {
                assertEquals(200, get(up.url(), "/query?format=json", true).statusCode());
            }
            List<String> shared = accessLog().subList(replaced, accessLog().size());
            assertTrue(shared.stream().anyMatch(l -> l.contains(" task-3 ")), String.join("\n", shared));
            assertTrue(shared.stream().anyMatch(l -> l.contains(" task-1 ")), String.join("\n", shared));
        } catch (Throwable e) {
            up.process().close();
            throw new AssertionError(e.getMessage() + "\n" + up.log(), e);
        }
        down(up);
    }

    @Test
    @Order(2)
    void theDataWrittenBeforeDownIsThereAfterUpAndAKilledMavenLeavesNoContainerBehind() throws Exception {
        Up up = up("container-up-again", appJar);
        LocalState state;
        try {
            assertTrue(up.log().toString().contains("Restored 21 item(s) saved by the last goaws:up at "),
                    up.log().toString());
            // The context the first up wrote is newer than the jar: it is used as it is.
            assertFalse(up.log().toString().contains("Building the app's image context"), up.log().toString());
            JsonNode json = new ObjectMapper().readTree(get(up.url(), "/query?format=json", true).body());
            assertEquals(21, json.path("count").asInt(), json.toString());
            assertTrue(json.toString().contains("written-before-down"), json.toString());
            state = LocalState.read(project.resolve("target/goaws/local.json")).orElseThrow();
            assertEquals(List.of(containerPrefix() + 1), taskContainers());

            up.process().process().destroyForcibly(); // kill -9 of Maven: no shutdown hook, no goaws:down
            assertTrue(up.process().process().waitFor(60, TimeUnit.SECONDS));
        } catch (Throwable e) {
            up.process().close();
            throw new AssertionError(e.getMessage() + "\n" + up.log(), e);
        }
        // Within a bound, not timed: the guard beside up removes the container, moto follows its parent.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!taskContainers().isEmpty() || state.processes().stream().anyMatch(p -> p.live().isPresent())) {
            assertTrue(System.nanoTime() < deadline, "left behind: containers " + taskContainers() + ", processes "
                    + state.processes().stream().filter(p -> p.live().isPresent()).toList());
            Thread.sleep(500);
        }
        assertTrue(Loopback.isFree(up.url().getPort()), "the load balancer's port is still taken");
        assertTrue(Loopback.isFree(URI.create(state.awsEndpoint()).getPort()), "moto's port is still taken");
        // local.json stays: the next up (the next test) clears it, saying nothing was left running
    }

    @Test
    @Order(3)
    void aTaskThatNeverGetsHealthyFailsUpWithItsLastLines() throws Exception {
        // An image whose JVM cannot start: the task exits before any health check passes.
        MavenRun.Result build = maven.run("container-build-broken", "goaws:build-app", appJar, "-Dgoaws.imageBuilder=jib",
                BASE, "-Dgoaws.jvmFlags=-Xmx2m", "-Dgoaws.startupCache=false");
        assertTrue(build.succeeded(), build.log());
        MavenRun.Result up = maven.run("container-up-broken", "goaws:up", "-Dgoaws.localRuntime=container",
                "-Dgoaws.containerEngine=" + ENGINE, "-Dgoaws.localPort=" + Loopback.freePort());
        assertFalse(up.succeeded(), up.log());
        assertTrue(up.log().contains("ended without goaws:down; nothing of it was left running."),
                "the up killed in the test before left nothing:\n" + up.log());
        assertTrue(up.log().contains("Task 1 exited (code 1) before it was healthy; the last health check got: "),
                up.log());
        assertTrue(up.log().contains("[ERROR] Exception in thread \"main\" java.lang.OutOfMemoryError"),
                "the task's last lines are in the error:\n" + up.log());
        assertTrue(up.log().contains("the last health check got: connection refused on /"), up.log());
        assertEquals(List.of(), taskContainers(), "containers left behind");
        assertFalse(Files.exists(project.resolve("target/goaws/local.json")));
    }

    @Test
    @Order(4)
    void upWithWatchRollsOutAChangedAppWithoutDroppingARequestAndKeepsServingWhenTheNewVersionFails()
            throws Exception {
        Path app = MavenRun.testProject("local-watch-app", Path.of("target", "container-local-watch-it").toAbsolutePath());
        Path source = app.resolve("src/main/java/example/App.java");
        String version1 = Files.readString(source);
        MavenRun watchMaven = MavenRun.localCloud(app);
        String base = BASE;
        MavenRun.Result build = watchMaven.run("container-watch-build-app", "package", "goaws:build-app", base,
                "-Dgoaws.startupCache=false");
        assertTrue(build.succeeded(), build.log());
        String prefix = LocalCloud.containerNamePrefix(app.resolve("target/goaws"));
        Up up = up(watchMaven, "container-up-watch", "-Dgoaws.watch=true", base, "-Dgoaws.desiredCount=2",
                "-Dgoaws.fresh=true");
        try {
            assertEquals("version 1", get(up.url(), "/", false).body());
            assertEquals(List.of(prefix + 1, prefix + 2), containers(prefix));

            // Requests all through the rollout: a rolling deployment answers every one of them.
            List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread load = new Thread(() -> {
                while (polling.get()) {
                    try {
                        HttpResponse<String> answer = get(up.url(), "/", false);
                        answers.add(answer.statusCode() + " " + answer.body());
                        Thread.sleep(20);
                    } catch (Exception e) {
                        answers.add(e.toString());
                    }
                }
            });
            load.start();
            Files.writeString(source, version1.replace("version 1", "version 2"));
            awaitLog(up, "Rolled out ");
            polling.set(false);
            load.join();
            assertEquals("version 2", get(up.url(), "/", false).body());
            assertEquals(java.util.Set.of("200 version 1", "200 version 2"), java.util.Set.copyOf(answers),
                    "answers during the rollout");
            assertEquals(List.of(prefix + 3, prefix + 4), containers(prefix), "the old tasks are gone");

            // A version that exits at once never gets healthy: its tasks stop, the running ones serve on.
            Files.writeString(source, version1.replace("System.out.println(\"serving",
                    "System.exit(3);\n        System.out.println(\"serving"));
            awaitLog(up, "The update failed");
            assertEquals("version 2", get(up.url(), "/", false).body());
            assertEquals(List.of(prefix + 3, prefix + 4), containers(prefix));
            assertEquals(2, up.log().toString().split("Rolled out ", -1).length, "one rollout, not the failed one");
        } finally {
            MavenRun.Result down = watchMaven.run("container-watch-down", "goaws:down");
            assertTrue(down.succeeded(), down.log());
            assertTrue(up.process().process().waitFor(90, TimeUnit.SECONDS), "goaws:up is still running");
        }
        assertEquals(List.of(), containers(prefix), "containers left behind");
    }

    @Test
    @Order(5)
    void buildAppTrainsTheStartupCacheByDefaultAndTheImageLoadsItsClassesFromItAtTheTasksSize() throws Exception {
        // A JVM that cannot start: asked for (true), the training fails with the app's own last lines, leaving nothing.
        // Only this build's training container and image count: other builds on the machine (tests running
        // beside this one, or a killed build's leftovers) are none of this test's business.
        MavenRun.Result broken = maven.run("container-startup-cache-broken", "goaws:build-app", appJar,
                "-Dgoaws.imageBuilder=jib", BASE, "-Dgoaws.startupCache=true", "-Dgoaws.jvmFlags=-Xmx2m");
        assertFalse(broken.succeeded(), broken.log());
        assertTrue(broken.log().contains("The app exited (code 1) during the start-up cache's training run"),
                broken.log());
        assertTrue(broken.log().contains("java.lang.OutOfMemoryError"), "the app's last lines:\n" + broken.log());
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("as container (goaws-class-data-[0-9-]+) ")
                .matcher(broken.log());
        assertTrue(named.find(), "the training run names its container:\n" + broken.log());
        String training = named.group(1);
        assertEquals(List.of(), containers(training), "training containers left behind");
        assertEquals(List.of(), trainingImages().stream().filter(i -> i.contains(training)).toList(),
                "training images left behind");

        // The default: Java 25 (a jlink runtime of the machine's JDK 25), its AOT cache trained at the task's size.
        Path tar = project.resolve("target/startup-cache-image.tar");
        MavenRun.Result build = maven.run("container-startup-cache", "goaws:build-app", appJar,
                "-Dgoaws.imageBuilder=jib", BASE, "-Dgoaws.imageTar=" + tar);
        assertTrue(build.succeeded(), build.log());
        assertTrue(build.log().contains("Training the start-up cache (AOT cache, Java 25)"), build.log());
        assertTrue(build.log().contains("at the task's size (0.25 CPU, 512 MiB)"), build.log());
        assertTrue(Files.size(project.resolve("target/goaws/dist/app/app.aot")) > 1_000_000, "cache size");
        assertFalse(build.log().contains("GOAWS_PASSWORD"), "the training login is never logged");
        assertImageLoadsItsClassesFromTheCache(tar, "-XX:AOTCache=/app/app.aot", "source: shared objects file");

        // Java 17 through the former property's name: an AppCDS archive, on a jlink runtime of the machine's JDK 17.
        MavenRun.Result java17 = maven.run("container-startup-cache-17", "goaws:build-app", appJar,
                "-Dgoaws.imageBuilder=jib", BASE, "-Dgoaws.javaVersion=17", "-Dgoaws.classDataSharing=true",
                "-Dgoaws.imageTar=" + tar);
        assertTrue(java17.succeeded(), java17.log());
        assertTrue(java17.log().contains("goaws.classDataSharing is now goaws.startupCache"), java17.log());
        assertTrue(java17.log().contains("Training the start-up cache (AppCDS archive, Java 17)"), java17.log());
        assertTrue(Files.size(project.resolve("target/goaws/dist/app/app.jsa")) > 1_000_000, "archive size");
        assertImageLoadsItsClassesFromTheCache(tar, "-XX:SharedArchiveFile=/app/app.jsa",
                "source: shared objects file (top)");
    }

    /**
     * The shipped image, started as a task starts it — at the task's size, its own command — with class loading
     * logged: the app's classes come from the cache (a mismatch would make the JVM ignore it and load them from
     * the jars).
     */
    private void assertImageLoadsItsClassesFromTheCache(Path tar, String flag, String source) throws Exception {
        String image = podman("load", "-i", tar.toString()).stream().filter(l -> l.contains("Loaded image"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElseThrow();
        try {
            String command = String.join("", podman("image", "inspect", "-f", "{{json .Config.Cmd}}", image));
            assertTrue(command.contains(flag), command);
            ContainerEngine engine = ContainerEngine.detect(ENGINE, List.of()).orElseThrow();
            int port = Loopback.freePort();
            List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
            String name = "goaws-it-startup-cache-" + port;
            ProcessRunner.Running app = engine.runWithMount(name, image, null, List.of(), Map.of("PORT",
                    Integer.toString(port), "GOAWS_USERNAME", "it", "GOAWS_PASSWORD", "it-secret", "AWS_REGION",
                    "eu-central-1", "JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"), "0.25", 512,
                    Files.createTempDirectory("cache"), "/unused", output::add);
            try {
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (output.stream().noneMatch(l -> l.contains("goaws sample app listening"))) {
                    assertTrue(System.nanoTime() < deadline && app.process().isAlive(), String.join("\n", output));
                    Thread.sleep(200);
                }
                assertEquals(List.of("250000000 536870912"), podman("inspect", name, "--format",
                        "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}"), "the task's size");
                assertEquals(401, get(URI.create("http://127.0.0.1:" + port + "/"), "/", false).statusCode());
            } finally {
                engine.stop(name, Duration.ofSeconds(30));
                app.close();
            }
            List<String> fromCache = output.stream().filter(l -> l.contains(source)).toList();
            assertTrue(fromCache.stream().anyMatch(l -> l.contains(" spark.Service ")), String.join("\n", output));
            assertTrue(fromCache.stream().anyMatch(l -> l.contains(" dev.goaws.sample.WebApp ")),
                    String.join("\n", output));
            assertTrue(fromCache.size() > 1000, fromCache.size() + " classes from the cache");
        } finally {
            podman("rmi", "-f", image);
        }
    }

    @Test
    @Order(6)
    void aTeamsServiceGetsItsVariablesAndItsSecretsFromTheLocalAwsMaskedInTheTaskLog() throws Exception {
        Path app = MavenRun.testProject("service-app", Path.of("target", "container-service-it").toAbsolutePath());
        String dbPassword = "local-db-" + java.util.UUID.randomUUID();
        String apiToken = "local-token-" + java.util.UUID.randomUUID();
        MavenRun serviceMaven = MavenRun.localCloud(app).env("IT_DB_PASSWORD", dbPassword)
                .env("IT_API_TOKEN", apiToken);
        String base = BASE;
        MavenRun.Result build = serviceMaven.run("container-service-build-app", "package", "goaws:build-app", base,
                "-Dgoaws.startupCache=false");
        assertTrue(build.succeeded(), build.log());

        // The local AWS starts empty: up waits for the declared secrets, set from "another terminal".
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        List<MavenRun.Result> setters = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread setSecrets = new Thread(() -> {
            try {
                waiting.get(10, TimeUnit.MINUTES);
                for (String name : List.of("DB_PASSWORD", "API_TOKEN")) {
                    setters.add(serviceMaven.run("container-service-secret-" + name, "goaws:secret",
                            "-Dgoaws.local=true", "-Dgoaws.secretName=" + name,
                            "-Dgoaws.secretValueFrom=IT_" + name));
                }
            } catch (Exception e) {
                waiting.completeExceptionally(e);
            }
        });
        setSecrets.start();
        String prefix = LocalCloud.containerNamePrefix(app.resolve("target/goaws"));
        Up up = up(serviceMaven, "container-service-up", line -> {
            if (line.contains("Waiting for the task's secrets, not yet in the local AWS: API_TOKEN (Secrets Manager"
                    + " secret service-app/test/api, key token), DB_PASSWORD (SSM parameter"
                    + " /go-on-aws/test/secrets/db-password). Set each from another terminal in this project:"
                    + " mvn goaws:secret -Dgoaws.stage=test -Dgoaws.local=true -Dgoaws.secretName=<NAME>")) {
                waiting.complete(null);
            }
        }, base, "-Dgoaws.fresh=true");
        try {
            setSecrets.join();
            assertEquals(2, setters.size());
            setters.forEach(r -> assertTrue(r.succeeded(), r.log()));
            String log = up.log().toString();
            assertTrue(log.contains("All declared secrets are set in the local AWS."), log);
            assertTrue(log.contains("  Env:      FEATURE_FLAGS, LOG_LEVEL, SIGNING_PUBLIC_KEY  (goaws.environment)"), log);
            assertTrue(log.contains("  Secrets:  API_TOKEN, DB_PASSWORD  (values from the local AWS, masked in the"
                    + " task logs)"), log);

            HttpResponse<String> answer = get(up.url(), "/", false);
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode json = new ObjectMapper().readTree(answer.body());
            List<String> variables = new ArrayList<>();
            json.path("variables").forEach(v -> variables.add(v.asText()));
            assertTrue(variables.containsAll(List.of("API_TOKEN", "DB_PASSWORD", "FEATURE_FLAGS", "LOG_LEVEL",
                    "SIGNING_PUBLIC_KEY", "PORT", "GOAWS_TABLE_PARAMETER", "GOAWS_PASSWORD")), variables.toString());
            assertEquals("debug", json.path("LOG_LEVEL").asText());
            assertEquals("checkout-v2,dark-mode", json.path("FEATURE_FLAGS").asText());
            assertEquals(sha256(dbPassword), json.path("secretSha256").path("DB_PASSWORD").asText(), answer.body());
            assertEquals(sha256(apiToken), json.path("secretSha256").path("API_TOKEN").asText(), answer.body());

            // The app printed its password: masked in the task's log file and in Maven's log.
            List<String> taskLog = Files.readAllLines(app.resolve("target/goaws/local/tasks/task-1.log"));
            assertTrue(taskLog.contains("connecting with password ****"), String.join("\n", taskLog));
            assertTrue(up.log().toString().contains("[task 1] connecting with password ****"), up.log().toString());
        } catch (Throwable e) {
            up.process().close();
            throw new AssertionError(e.getMessage() + "\n" + up.log(), e);
        } finally {
            MavenRun.Result down = serviceMaven.run("container-service-down", "goaws:down");
            assertTrue(down.succeeded(), down.log());
            assertTrue(up.process().process().waitFor(90, TimeUnit.SECONDS), "goaws:up is still running");
        }
        assertEquals(List.of(), containers(prefix), "containers left behind");
        assertFalse(up.log().toString().contains(dbPassword) || up.log().toString().contains(apiToken),
                "a value in goaws:up's log");
        setters.forEach(r -> assertFalse(r.log().contains(dbPassword) || r.log().contains(apiToken), r.log()));
        try (var files = Files.walk(app.resolve("target"))) {
            List<Path> withValue = files.filter(Files::isRegularFile).filter(file -> {
                try {
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    return content.contains(dbPassword) || content.contains(apiToken);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(), withValue, "files under target/ with a secret's value");
        }
    }

    private static String sha256(String value) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The ECS service's name, as the banner says it. */
    private static String service(Up up) {
        Matcher service = Pattern.compile("Service: +(\\S+) keeps ").matcher(up.log());
        assertTrue(service.find(), up.log().toString());
        return service.group(1);
    }

    /** Waits (bounded, not a timing assertion) for {@code text} in goaws:up's log. */
    private static void awaitLog(Up up, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!up.log().toString().contains(text)) {
            if (System.nanoTime() > deadline || !up.process().process().isAlive()) {
                throw new AssertionError("No '" + text + "' from goaws:up:\n" + up.log());
            }
            Thread.sleep(200);
        }
    }
}
