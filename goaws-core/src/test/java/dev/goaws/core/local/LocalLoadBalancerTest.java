package dev.goaws.core.local;

import dev.goaws.core.engine.EngineException;

import dev.goaws.core.engine.Loopback;
import dev.goaws.core.deploy.DeployedTask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.goaws.core.Reporter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local load balancer against real HTTP servers on loopback (small JDK servers standing in for tasks):
 * health checks with the target group's matcher and thresholds, round-robin over healthy targets only, a
 * dead target losing its traffic, 503 without any healthy one, headers and bodies relayed, the access log.
 */
class LocalLoadBalancerTest {
    private static final DeployedTask.TargetHealthCheck FAST = new DeployedTask.TargetHealthCheck("/health",
            "200,401", Duration.ofMillis(100), Duration.ofSeconds(2), 2, 2);

    @TempDir
    Path dir;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Reporter reporter = Reporter.of(log::add, log::add);
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalLoadBalancer balancer;

    @AfterEach
    void stop() {
        if (balancer != null) {
            balancer.close();
        }
        servers.forEach(s -> s.stop(0));
    }

    /** A task: answers {@code health} on /health, and its name (plus the request's header and body) elsewhere. */
    private URI task(String name, AtomicInteger health) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(Loopback.HOST, 0), 0);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            int status = exchange.getRequestURI().getPath().equals("/health") ? health.get() : 200;
            String text = name + " " + exchange.getRequestHeaders().getFirst("X-Test") + " "
                    + exchange.getRequestHeaders().getFirst("X-Forwarded-For") + " "
                    + new String(in, StandardCharsets.UTF_8);
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Task", name);
            exchange.getResponseHeaders().set("X-Request-Target", exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        servers.add(server);
        return URI.create("http://" + Loopback.HOST + ":" + server.getAddress().getPort() + "/");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(balancer.url().resolve(path)).header("X-Test", "kept").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forwardsRoundRobinToHealthyTargetsOnlyAndDropsOneThatFails() throws Exception {
        AtomicInteger firstHealth = new AtomicInteger(401); // the app's anonymous answer: healthy by the matcher
        AtomicInteger secondHealth = new AtomicInteger(500);
        balancer = LocalLoadBalancer.start(Loopback.freePort(), FAST, dir.resolve("access.log"), reporter);
        LocalLoadBalancer.Target first = new LocalLoadBalancer.Target(1, task("one", firstHealth));
        LocalLoadBalancer.Target second = new LocalLoadBalancer.Target(2, task("two", secondHealth));
        balancer.register(first);
        balancer.register(second);
        assertTrue(balancer.awaitHealthy(first, Duration.ofSeconds(10)), log.toString());
        // Checked once more than the healthy threshold asks, and still not healthy.
        awaitChecks(second, FAST.healthyThreshold() + 1);
        assertNotEquals(LocalLoadBalancer.State.HEALTHY, second.state(), "500 does not match 200,401");
        assertEquals("HTTP 500 on /health", second.lastAnswer());
        for (int i = 0; i < 4; i++) {
            assertEquals("one", get("/").headers().firstValue("X-Task").orElseThrow());
        }

        secondHealth.set(200);
        assertTrue(balancer.awaitHealthy(second, Duration.ofSeconds(10)), log.toString());
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answered.add(get("/").headers().firstValue("X-Task").orElseThrow());
        }
        assertEquals(3, Collections.frequency(answered, "one"), answered.toString());
        assertEquals(3, Collections.frequency(answered, "two"), answered.toString());

        servers.get(0).stop(0); // task 1 dies: connection refused twice in a row makes it unhealthy
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (first.state() != LocalLoadBalancer.State.UNHEALTHY && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(LocalLoadBalancer.State.UNHEALTHY, first.state());
        for (int i = 0; i < 4; i++) {
            assertEquals("two", get("/").headers().firstValue("X-Task").orElseThrow());
        }
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[lb] task 1 healthy after ")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[lb] task 1 unhealthy after 2 failed checks (")
                && l.endsWith("traffic goes to task 2")), log.toString());
    }

    @Test
    void relaysMethodHeadersAndBodyAndLogsEachRequestWithItsTarget() throws Exception {
        balancer = LocalLoadBalancer.start(Loopback.freePort(), FAST, dir.resolve("access.log"), reporter);
        LocalLoadBalancer.Target only = new LocalLoadBalancer.Target(7, task("seven", new AtomicInteger(200)));
        balancer.register(only);
        assertTrue(balancer.awaitHealthy(only, Duration.ofSeconds(10)));
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(balancer.url().resolve("/query?x=1"))
                .header("X-Test", "kept").POST(HttpRequest.BodyPublishers.ofString("querystring=a"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, post.statusCode());
        assertEquals("seven kept 127.0.0.1 querystring=a", post.body());
        // The line is written once the response is out: wait for it.
        List<String> access = List.of();
        for (int i = 0; i < 50 && access.isEmpty(); i++) {
            Thread.sleep(100);
            access = Files.readAllLines(dir.resolve("access.log"));
        }
        assertTrue(access.stream().anyMatch(l -> l.contains(" task-7 127.0.0.1:") && l.contains(" 200 ")
                && l.endsWith("\"POST /query?x=1\"")), access.toString());
    }

    @Test
    void aRequestTargetNamingAHostIsRefusedAndNoOtherHostIsContacted() throws Exception {
        balancer = LocalLoadBalancer.start(Loopback.freePort(), FAST, dir.resolve("access.log"), reporter);
        LocalLoadBalancer.Target only = new LocalLoadBalancer.Target(1, task("one", new AtomicInteger(200)));
        balancer.register(only);
        assertTrue(balancer.awaitHealthy(only, Duration.ofSeconds(10)), log.toString());
        // Stands in for attacker.example: every connection made to it is counted before it answers, so a relay
        // there would be counted before the load balancer could answer the client.
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket elsewhere = new ServerSocket(0, 50, InetAddress.getByName(Loopback.HOST))) {
            Thread acceptor = new Thread(() -> {
                while (!elsewhere.isClosed()) {
                    try (Socket connection = elsewhere.accept()) {
                        connections.incrementAndGet();
                        connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n"
                                + "Connection: close\r\n\r\nelsewhere").getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        // the test is over
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String host = Loopback.HOST + ":" + elsewhere.getLocalPort();
            for (String target : List.of("//" + host + "/x", "http://" + host + "/x")) {
                String response = raw(target, "Authorization: Basic dXNlcjpwYXNzd29yZA==");
                assertTrue(response.startsWith("HTTP/1.1 400 "), target + " -> " + response);
                assertFalse(response.contains("elsewhere"), response);
            }
            // The ordinary form reaches the task, its path and query passed on byte for byte.
            String ordinary = raw("/a%2Fb//c?q=%20x&r=1", "X-Test: kept");
            assertTrue(ordinary.startsWith("HTTP/1.1 200 "), ordinary);
            assertTrue(ordinary.contains("\nX-request-target: /a%2Fb//c?q=%20x&r=1\n"), ordinary);
            assertEquals(0, connections.get(), "the load balancer connected to another host");
        }
    }

    /** A request over a raw socket: the JDK's client would not send a request target that names a host. */
    private String raw(String target, String header) throws IOException {
        try (Socket socket = new Socket(Loopback.HOST, balancer.url().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + balancer.url().getAuthority()
                    + "\r\n" + header + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
    }

    @Test
    void withoutAHealthyTargetItAnswers503() throws Exception {
        balancer = LocalLoadBalancer.start(Loopback.freePort(), FAST, dir.resolve("access.log"), reporter);
        balancer.register(new LocalLoadBalancer.Target(1, URI.create("http://127.0.0.1:" + Loopback.freePort() + "/")));
        HttpResponse<String> response = get("/");
        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("No healthy task"), response.body());
    }

    @Test
    void theMatcherReadsCodesAndRanges() {
        assertTrue(FAST.matches(401));
        assertFalse(FAST.matches(404));
        DeployedTask.TargetHealthCheck range = new DeployedTask.TargetHealthCheck("/", "200-299", Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, 1);
        assertTrue(range.matches(204));
        assertFalse(range.matches(300));
    }

    @Test
    void aTakenPortIsRefusedNamingTheParameter() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(Loopback.HOST))) {
            EngineException e = org.junit.jupiter.api.Assertions.assertThrows(EngineException.class,
                    () -> LocalLoadBalancer.start(socket.getLocalPort(), FAST, dir.resolve("a.log"), reporter));
            assertTrue(e.getMessage().contains("goaws.localPort"), e.getMessage());
        }
    }

    @Test
    void drainingWaitsForTheRequestInFlightSendsNoNewOnesAndStopsTheHealthChecks() throws Exception {
        CountDownLatch requestArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean answered = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(Loopback.HOST, 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/health")) {
                checks.incrementAndGet();
            } else {
                requestArrived.countDown();
                try {
                    release.await(); // a slow request, still being answered when the rollout stops the task
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answered.set(true);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        balancer = LocalLoadBalancer.start(Loopback.freePort(), FAST, dir.resolve("access.log"), reporter);
        LocalLoadBalancer.Target target = new LocalLoadBalancer.Target(1,
                URI.create("http://" + Loopback.HOST + ":" + server.getAddress().getPort() + "/"));
        balancer.register(target);
        assertTrue(balancer.awaitHealthy(target, Duration.ofSeconds(10)), log.toString());
        var slow = http.sendAsync(HttpRequest.newBuilder(balancer.url().resolve("/slow")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertTrue(requestArrived.await(10, TimeUnit.SECONDS));

        // Tells, once draining is over, whether the request in flight had been answered by then.
        var drain = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                balancer.drain(target, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return answered.get();
        });
        // The request is released only once draining has seen it in flight: a drain that did not wait for it
        // would end before the answer.
        awaitLog("[lb] task 1 draining: 1 request(s) in flight, waiting at most 30 s");
        assertEquals(503, get("/").statusCode(), "a deregistered target gets no new request");
        release.countDown();
        assertTrue(drain.get(10, TimeUnit.SECONDS), "draining ended while a request was in flight");
        assertEquals(200, slow.get(10, TimeUnit.SECONDS).statusCode(), "the request in flight was answered");

        // A target registered now is checked three times, two intervals and more, on the same scheduler; the
        // drained one would have been checked in that time too.
        int checked = checks.get();
        LocalLoadBalancer.Target witness = new LocalLoadBalancer.Target(2, task("witness", new AtomicInteger(200)));
        balancer.register(witness);
        awaitChecks(witness, 3);
        assertEquals(checked, checks.get(), "health checks of a deregistered target go on");
    }

    /** Waits (bounded, not a timing assertion) until {@code target} has had {@code count} health checks. */
    private static void awaitChecks(LocalLoadBalancer.Target target, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (target.checks() < count) {
            assertTrue(System.nanoTime() < deadline, "task " + target.number() + " had " + target.checks()
                    + " health checks in 30 s, not " + count);
            Thread.sleep(10);
        }
    }

    /** Waits (bounded) for {@code line} in the load balancer's log. */
    private void awaitLog(String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!log.contains(line)) {
            assertTrue(System.nanoTime() < deadline, "no '" + line + "' in 30 s: " + log);
            Thread.sleep(10);
        }
    }
}
