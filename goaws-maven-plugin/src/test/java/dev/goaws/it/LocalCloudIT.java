package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
