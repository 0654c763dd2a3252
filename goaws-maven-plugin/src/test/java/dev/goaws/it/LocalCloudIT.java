package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.local.LocalState;
import dev.goaws.core.engine.Loopback;
import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local cloud without a container engine: {@code mvn goaws:up} brings the architecture up locally (moto, the
 * three stacks through the real cdk CLI, seeded table, the real app as a JVM behind the local load balancer); a user logs in with the printed credentials and sees
 * the items; {@code mvn goaws:down} leaves no process and no port behind.
 */
class LocalCloudIT {
    private static final Pattern APP = Pattern.compile("App: +(http://127\\.0\\.0\\.1:\\d+/)");
    private static final Pattern LOGIN = Pattern.compile("Login: +user (\\S+), password (\\S+) ");

    @Test
    void upServesTheSeededItemsAndDownLeavesNothingBehind() throws Exception {
        Path appJar = Path.of(System.getProperty("goaws.it.appJar"));
        assertTrue(Files.isRegularFile(appJar), appJar + " is missing: run 'mvn verify' from the repository root");
        Path project = Path.of("target", "local-it").toAbsolutePath();
        MavenRun.userProject(project);
        int appPort = Loopback.freePort();
        MavenRun maven = MavenRun.localCloud(project);

        StringBuilder log = new StringBuilder();
        CompletableFuture<Matcher[]> ready = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        ProcessRunner.Running up = maven.start("up", line -> {
            synchronized (lines) {
                lines.add(line);
                log.append(line).append('\n');
                Matcher app = APP.matcher(log);
                Matcher login = LOGIN.matcher(log);
                // the whole banner: its lines arrive one by one, the Stop line is its last
                if (app.find() && login.find() && log.indexOf("  Stop:") >= 0) {
                    ready.complete(new Matcher[] {app, login});
                }
            }
        }, "goaws:up", "-Dgoaws.seedItems=30", "-Dgoaws.appJar=" + appJar, "-Dgoaws.localPort=" + appPort,
                // as on a machine without podman or Docker: the JVM mode
                "-Dgoaws.containerEngine=none");
        LocalState state;
        try {
            Matcher[] found = ready.get(10, TimeUnit.MINUTES);
            URI url = URI.create(found[0].group(1));
            String user = found[1].group(1);
            String password = found[1].group(2);
            assertEquals(appPort, url.getPort());
            assertTrue(log.toString().contains("Running the app as a JVM, not its image: no container engine answers"),
                    log.toString());
            assertTrue(log.toString().contains("Tasks:    1 JVM running "), log.toString());

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(url.resolve("/query?format=json"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> query = http.send(HttpRequest.newBuilder(url.resolve("/query?format=json"))
                    .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, query.statusCode(), query.body());
            JsonNode json = new ObjectMapper().readTree(query.body());
            assertEquals(30, json.path("count").asInt(), query.body());
            assertEquals("item-0001", json.path("items").path(0).path("itemID").asText(), query.body());
            assertTrue(json.path("table").asText().startsWith("goaws-table-"), "the table name came from SSM");

            for (InetAddress address : externalAddresses()) {
                assertFalse(reachable(address, appPort), "the app must listen on loopback only, not on " + address);
            }
            state = LocalState.read(project.resolve("target/goaws/local.json")).orElseThrow();
        } catch (Exception e) {
            up.close();
            throw new AssertionError("goaws:up did not come up:\n" + log, e);
        }

        MavenRun.Result down = maven.run("down", "goaws:down");
        assertTrue(down.succeeded(), down.log());
        assertTrue(up.process().waitFor(60, TimeUnit.SECONDS), "goaws:up is still running");
        for (LocalState.Proc proc : state.processes()) {
            assertFalse(ProcessHandle.of(proc.pid()).map(ProcessHandle::isAlive).orElse(false),
                    proc + " survived goaws:down");
        }
        assertTrue(Loopback.isFree(appPort), "the app's port is still taken");
        assertTrue(Loopback.isFree(URI.create(state.awsEndpoint()).getPort()), "moto's port is still taken");
        assertFalse(Files.exists(project.resolve("target/goaws/local.json")));
    }

    @Test
    void aSecondUpIsRefusedAndDownStopsAnUpThatIsStillStarting() throws Exception {
        Path project = Path.of("target", "local-it-starting").toAbsolutePath();
        MavenRun.userProject(project);
        MavenRun maven = MavenRun.localCloud(project);
        Pattern motoLine = Pattern.compile("Local AWS \\(moto\\) at http://127\\.0\\.0\\.1:(\\d+)");
        StringBuilder log = new StringBuilder();
        CompletableFuture<Integer> motoPort = new CompletableFuture<>();
        ProcessRunner.Running up = maven.start("up-starting", line -> {
            synchronized (log) {
                log.append(line).append('\n');
                Matcher moto = motoLine.matcher(line);
                if (moto.find()) {
                    motoPort.complete(Integer.parseInt(moto.group(1)));
                }
            }
        }, "goaws:up", "-Dgoaws.appJar=" + System.getProperty("goaws.it.appJar"),
                "-Dgoaws.localPort=" + Loopback.freePort(), "-Dgoaws.containerEngine=none");
        try {
            int port = motoPort.get(5, TimeUnit.MINUTES); // moto runs; the deploys are still to come

            MavenRun.Result second = maven.run("up-second", "goaws:up", "-Dgoaws.localPort=" + Loopback.freePort(),
                    "-Dgoaws.containerEngine=none");
            assertFalse(second.succeeded(), second.log());
            assertTrue(second.log().contains("A goaws:up is already running in this project (pid "
                    + up.process().pid() + ")"), second.log());

            MavenRun.Result down = maven.run("down-starting", "goaws:down");
            assertTrue(down.succeeded(), down.log());
            assertTrue(down.log().contains("Stopped maven (goaws:up) (pid " + up.process().pid() + ")"), down.log());
            assertTrue(up.process().waitFor(60, TimeUnit.SECONDS), "goaws:up is still running:\n" + log);
            assertTrue(Loopback.isFree(port), "moto's port is still taken");
            assertFalse(Files.exists(project.resolve("target/goaws/local.json")));
        } finally {
            up.close();
        }
    }

    @Test
    void aTaskThatExitsAtOnceEveryTimeIsRestartedWithGrowingWaitsUntilItsJarIsFixed() throws Exception {
        Path project = Path.of("target", "local-it-restarts").toAbsolutePath();
        MavenRun.userProject(project);
        MavenRun maven = MavenRun.localCloud(project);
        // A jar of the project's own: the test breaks it and fixes it, as a user's rebuild would.
        Path jar = project.resolve("app.jar");
        Path good = project.resolve("good.jar");
        Files.copy(Path.of(System.getProperty("goaws.it.appJar")), good, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(good, jar, StandardCopyOption.REPLACE_EXISTING);
        Up up = up(maven, project, "up-restarts", "-Dgoaws.appJar=" + jar, "-Dgoaws.fresh=true");
        try {
            Path broken = Files.writeString(project.resolve("broken.jar"), "not a jar");
            Files.move(broken, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            kill(task(project, 1));

            up.await("(throttled: 3 failed start(s) in a row)");
            String log = up.log();
            assertTrue(log.contains("[ecs] task 1 stopped (exit code 137) after "), log);
            assertTrue(log.contains("[ecs] service " + up.service() + " has started 1 tasks: task 2."), log);
            assertTrue(log.contains("Error: Invalid or corrupt jarfile"), "a stopped task's last lines:\n" + log);
            // The killed task (it had served) is replaced after the first wait; each failed start doubles it.
            assertEquals(List.of(1, 2, 4, 8), waits(log).subList(0, 4), log);
            assertTrue(log.contains("[ecs] service " + up.service() + " is unable to consistently start tasks"
                    + " successfully."), log);

            Files.copy(good, project.resolve("fixed.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(project.resolve("fixed.jar"), jar, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            up.await("[ecs] service " + up.service() + " has reached a steady state.");
            MavenRun.Result status = maven.run("status-restarts", "goaws:status", "-Dgoaws.local=true");
            assertTrue(status.succeeded(), status.log());
            Matcher restarts = Pattern.compile("Service: +\\S+, desired 1, running \\d+ \\(tasks \\[[0-9, ]*\\]\\),"
                    + " restarts (\\d+)").matcher(status.log());
            assertTrue(restarts.find(), status.log());
            assertTrue(Integer.parseInt(restarts.group(1)) >= 4, status.log());
            assertTrue(status.log().contains("service " + up.service() + " has started 1 tasks: task 2."),
                    "the events:\n" + status.log());

            assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(up.url().resolve("/ping"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (Exception | AssertionError e) {
            up.process().close();
            throw new AssertionError(e.getMessage() + "\n" + up.log(), e);
        }
        MavenRun.Result down = maven.run("down-restarts", "goaws:down");
        assertTrue(down.succeeded(), down.log());
        assertTrue(up.process().process().waitFor(90, TimeUnit.SECONDS), "goaws:up is still running");
    }

    @Test
    void motoKilledStopsUpWithAnErrorAndAKilledMavenLeavesNothingBehindTheSavedItemsSurviveBoth() throws Exception {
        Path project = Path.of("target", "local-it-crashes").toAbsolutePath();
        MavenRun.userProject(project);
        MavenRun maven = MavenRun.localCloud(project);
        String appJar = "-Dgoaws.appJar=" + System.getProperty("goaws.it.appJar");

        // 1. moto dies under a running up: the error at once, up stops, the items saved before are kept.
        Up first = up(maven, project, "up-moto-killed", appJar, "-Dgoaws.fresh=true", "-Dgoaws.snapshotSeconds=1");
        LocalState state;
        try {
            LocalState running = LocalState.read(project.resolve("target/goaws/local.json")).orElseThrow();
            state = running;
            try (DynamoDbClient dynamo = AwsTarget.of("eu-central-1", null, state.awsEndpoint(), null, Map.of())
                    .withLocalCredentials().connect().dynamoDb()) {
                dynamo.putItem(b -> b.tableName(running.snapshot().table()).item(Map.of(
                        "itemID", AttributeValue.fromS("written-before-the-crash"))));
            }
            Path snapshot = project.resolve("target/goaws/local/table-items.json");
            awaitTrue(() -> Files.isRegularFile(snapshot)
                    && Files.readString(snapshot).contains("written-before-the-crash"), "the item in " + snapshot);

            kill(process(state, "moto"));
            first.await("[ERROR] The local AWS (moto at " + state.awsEndpoint() + ") exited (code 137) under a running"
                    + " goaws:up");
            assertTrue(first.process().process().waitFor(90, TimeUnit.SECONDS), "goaws:up runs on without moto");
            assertTrue(first.process().process().exitValue() != 0, "goaws:up succeeded without its emulator");
            assertTrue(first.log().contains("The table cannot be saved now (the emulator is gone): the next goaws:up"
                    + " restores the 1 item(s) saved at "), first.log());
        } catch (Exception | AssertionError e) {
            first.process().close();
            throw new AssertionError(e.getMessage() + "\n" + first.log(), e);
        }
        assertAllStopped(state);
        assertFalse(Files.exists(project.resolve("target/goaws/local.json")));

        // 2. The next up restores the item; then Maven itself is killed: nothing of it may remain.
        Up second = up(maven, project, "up-maven-killed", appJar);
        try {
            assertTrue(second.log().contains("Restored 1 item(s) saved by the last goaws:up at "), second.log());
            assertTrue(second.query().contains("written-before-the-crash"), second.query());
            state = LocalState.read(project.resolve("target/goaws/local.json")).orElseThrow();
            assertEquals(List.of("maven (goaws:up)", "task 1", "moto", "guard"),
                    state.processes().stream().map(LocalState.Proc::name).toList());
            second.process().process().destroyForcibly(); // kill -9
            assertTrue(second.process().process().waitFor(60, TimeUnit.SECONDS));
        } catch (Exception | AssertionError e) {
            second.process().close();
            throw new AssertionError(e.getMessage() + "\n" + second.log(), e);
        }
        assertAllStopped(state);
        MavenRun.Result status = maven.run("status-after-kill", "goaws:status", "-Dgoaws.local=true");
        assertTrue(status.log().contains("no longer runs; 'mvn goaws:down' or the next goaws:up stops what it left"
                + " behind"), status.log());

        // 3. A following up starts cleanly, and says what the killed one left (nothing).
        Up third = up(maven, project, "up-after-kill", appJar);
        try {
            assertTrue(third.log().contains("An earlier goaws:up here (pid " + second.process().process().pid()
                    + ") ended without goaws:down; nothing of it was left running."), third.log());
            assertTrue(third.query().contains("written-before-the-crash"), third.query());
        } catch (Exception | AssertionError e) {
            third.process().close();
            throw new AssertionError(e.getMessage() + "\n" + third.log(), e);
        }
        MavenRun.Result down = maven.run("down-after-kill", "goaws:down");
        assertTrue(down.succeeded(), down.log());
        assertTrue(third.process().process().waitFor(90, TimeUnit.SECONDS), "goaws:up is still running");
    }

    /** A running goaws:up (JVM mode) and what its banner said. */
    private record Up(ProcessRunner.Running process, StringBuilder lines, URI url, String login, String service) {
        String log() {
            synchronized (lines) {
                return lines.toString();
            }
        }

        /** Waits (bounded, not a timing assertion) for {@code text} in up's log. */
        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!log().contains(text)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("No '" + text + "' from goaws:up");
                }
                Thread.sleep(200);
            }
        }

        String query() throws Exception {
            String basic = Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> query = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    url.resolve("/query?format=json")).header("Authorization", "Basic " + basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, query.statusCode(), query.body());
            return query.body();
        }
    }

    private static final Pattern SERVICE = Pattern.compile("Service: +(\\S+) keeps ");

    private static Up up(MavenRun maven, Path project, String name, String... properties) throws Exception {
        StringBuilder log = new StringBuilder();
        CompletableFuture<Up> ready = new CompletableFuture<>();
        List<String> args = new ArrayList<>(List.of("goaws:up", "-Dgoaws.localPort=" + Loopback.freePort(),
                "-Dgoaws.containerEngine=none"));
        args.addAll(List.of(properties));
        ProcessRunner.Running[] process = new ProcessRunner.Running[1];
        process[0] = maven.start(name, line -> {
            synchronized (log) {
                log.append(line).append('\n');
                if (line.contains("  Stop:")) {
                    Matcher app = APP.matcher(log);
                    Matcher login = LOGIN.matcher(log);
                    Matcher service = SERVICE.matcher(log);
                    if (app.find() && login.find() && service.find()) {
                        ready.complete(new Up(null, log, URI.create(app.group(1)), login.group(1) + ":"
                                + login.group(2), service.group(1)));
                    }
                }
            }
        }, args.toArray(String[]::new));
        process[0].process().onExit().thenRun(() -> ready.completeExceptionally(new AssertionError("goaws:up ended")));
        try {
            Up up = ready.get(10, TimeUnit.MINUTES);
            return new Up(process[0], up.lines(), up.url(), up.login(), up.service());
        } catch (Exception e) {
            process[0].close();
            throw new AssertionError("goaws:up did not come up:\n" + log, e);
        }
    }

    /** The waits before each replacement, in seconds, as the log says them. */
    private static List<Integer> waits(String log) {
        List<Integer> waits = new ArrayList<>();
        Matcher wait = Pattern.compile("the replacement of task \\d+ starts in (\\d+) s").matcher(log);
        while (wait.find()) {
            waits.add(Integer.parseInt(wait.group(1)));
        }
        return waits;
    }

    private static LocalState.Proc task(Path project, int number) throws IOException {
        return process(LocalState.read(project.resolve("target/goaws/local.json")).orElseThrow(), "task " + number);
    }

    private static LocalState.Proc process(LocalState state, String name) {
        return state.processes().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + state.processes()));
    }

    /** kill -9 */
    private static void kill(LocalState.Proc proc) {
        proc.live().orElseThrow(() -> new AssertionError(proc + " is not running")).destroyForcibly();
    }

    /** Every process of {@code state} ends within a minute, and the app's and moto's ports are free again. */
    private static void assertAllStopped(LocalState state) throws Exception {
        awaitTrue(() -> state.processes().stream().noneMatch(p -> p.live().isPresent()),
                "every process of goaws:up gone; still running: " + state.processes().stream()
                        .filter(p -> p.live().isPresent()).toList());
        assertTrue(Loopback.isFree(URI.create(state.appUrl()).getPort()), "the load balancer's port is still taken");
        assertTrue(Loopback.isFree(URI.create(state.awsEndpoint()).getPort()), "moto's port is still taken");
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Waits (bounded, not a timing assertion) until {@code check} holds. */
    private static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!check.holds()) {
            assertTrue(System.nanoTime() < deadline, "not within a minute: " + what);
            Thread.sleep(200);
        }
    }

    private static List<InetAddress> externalAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }

    private static boolean reachable(InetAddress address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
