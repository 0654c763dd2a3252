package dev.goaws.core.local;

import dev.goaws.core.engine.Loopback;
import dev.goaws.core.deploy.DeployedTask;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.goaws.core.Reporter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the target group and the load balancer do, on 127.0.0.1: health checks on the target group's path,
 * matcher, interval and thresholds; requests forwarded round-robin to healthy targets only (503 when there is
 * none, 502 when the chosen one fails); each target's transitions in the log; an access log in
 * {@code access.log} with the target that answered, as an ALB's access log has.
 */
public final class LocalLoadBalancer implements AutoCloseable {
    /** Hop-by-hop headers, and those the JDK's client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "proxy-authorization");

    public enum State { INITIAL, HEALTHY, UNHEALTHY }

    /** A registered task: where it listens and what the health checks found. */
    public static final class Target {
        private final int number;
        private final URI url;
        private final long registered = System.nanoTime();
        private volatile State state = State.INITIAL;
        private int successes;
        private int failures;
        private volatile String lastAnswer = "no check yet";
        private final AtomicInteger served = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger checks = new AtomicInteger();
        private volatile java.util.concurrent.ScheduledFuture<?> checking;

        public Target(int number, URI url) {
            this.number = number;
            this.url = url;
        }

        public int number() {
            return number;
        }

        public State state() {
            return state;
        }

        /** What the last health check got: a status line or why there was none. */
        public String lastAnswer() {
            return lastAnswer;
        }

        public int served() {
            return served.get();
        }

        /** How many health checks have had their answer (or none) so far; its state reflects all of them. */
        public int checks() {
            return checks.get();
        }
    }

    private final DeployedTask.TargetHealthCheck check;
    private final Reporter log;
    private final HttpServer server;
    private final HttpClient client;
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("goaws-lb"));
    private final ScheduledExecutorService checks = Executors.newScheduledThreadPool(1, daemon("goaws-lb-health"));
    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final BufferedWriter accessLog;

    private LocalLoadBalancer(HttpServer server, DeployedTask.TargetHealthCheck check, BufferedWriter accessLog,
            Reporter log) {
        this.server = server;
        this.check = check;
        this.accessLog = accessLog;
        this.log = log;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER)
                .executor(handlers).build();
    }

    /** Listens on 127.0.0.1:{@code port}; the access log goes to {@code accessLog} (appended). */
    public static LocalLoadBalancer start(int port, DeployedTask.TargetHealthCheck check, Path accessLog,
            Reporter log) throws LocalAwsException {
        Loopback.requireFree(port, "goaws.localPort");
        try {
            Files.createDirectories(accessLog.getParent());
            HttpServer server = HttpServer.create(new InetSocketAddress(Loopback.HOST, port), 64);
            LocalLoadBalancer balancer = new LocalLoadBalancer(server, check, Files.newBufferedWriter(accessLog,
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND), log);
            server.createContext("/", balancer::forward);
            server.setExecutor(balancer.handlers);
            server.start();
            return balancer;
        } catch (IOException e) {
            throw new LocalAwsException("Cannot start the local load balancer on " + Loopback.HOST + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    public URI url() {
        return URI.create("http://" + Loopback.HOST + ":" + server.getAddress().getPort() + "/");
    }

    /** Registers a target; health checks start now and repeat every interval, as the target group's do. */
    public void register(Target target) {
        targets.add(target);
        target.checking = checks.scheduleWithFixedDelay(() -> healthCheck(target), 0, check.interval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public List<Target> targets() {
        return List.copyOf(targets);
    }

    /** Waits until {@code target} is healthy; false when {@code timeout} passes first. */
    public boolean awaitHealthy(Target target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (target.state != State.HEALTHY) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private void healthCheck(Target target) {
        if (!targets.contains(target)) {
            return;
        }
        boolean ok;
        String answer;
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
                    upstream(target.url, URI.create(check.path()))).timeout(check.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            ok = check.matches(response.statusCode());
            answer = "HTTP " + response.statusCode() + " on " + check.path();
        } catch (java.net.ConnectException e) {
            ok = false;
            answer = "connection refused on " + check.path();
        } catch (java.net.http.HttpTimeoutException e) {
            ok = false;
            answer = "no answer within " + check.timeout().toSeconds() + " s on " + check.path();
        } catch (IOException e) {
            ok = false;
            answer = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + " on " + check.path();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        target.lastAnswer = answer;
        synchronized (target) {
            if (ok) {
                target.failures = 0;
                target.successes++;
                if (target.state != State.HEALTHY && target.successes >= check.healthyThreshold()) {
                    target.state = State.HEALTHY;
                    log.info(String.format(Locale.ROOT, "[lb] task %d healthy after %.1f s (%s)", target.number,
                            (System.nanoTime() - target.registered) / 1e9, answer));
                }
            } else {
                target.successes = 0;
                target.failures++;
                if (target.state == State.HEALTHY && target.failures >= check.unhealthyThreshold()) {
                    target.state = State.UNHEALTHY;
                    log.warn("[lb] task " + target.number + " unhealthy after " + target.failures
                            + " failed checks (" + answer + "); traffic goes to " + healthyNames());
                }
            }
        }
        target.checks.incrementAndGet();
    }

    /** "task 1, task 2", or "no task (503)". */
    String healthyNames() {
        List<String> healthy = targets.stream().filter(t -> t.state == State.HEALTHY).map(t -> "task " + t.number)
                .toList();
        return healthy.isEmpty() ? "no task (503)" : String.join(", ", healthy);
    }

    private Target pick() {
        List<Target> healthy = targets.stream().filter(t -> t.state == State.HEALTHY).toList();
        return healthy.isEmpty() ? null : healthy.get(Math.floorMod(next.getAndIncrement(), healthy.size()));
    }

    private void forward(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        Target target = pick();
        int status;
        if (target != null) {
            target.inFlight.incrementAndGet();
        }
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!originForm(exchange.getRequestURI())) {
                status = reply(exchange, 400, "The request target must be a path (origin form), not a host.\n");
            } else if (target == null) {
                status = reply(exchange, 503, "No healthy task behind the local load balancer.\n");
            } else {
                status = relay(exchange, target, body);
            }
        } finally {
            if (target != null) {
                target.inFlight.decrementAndGet();
            }
        }
        access(exchange, target, status, start, request);
    }

    /**
     * Whether the request target is a path with an optional query (origin form), the only form relayed. A target
     * naming a host ({@code //other.host/x}, {@code http://other.host/x}) would resolve against the task's URL to
     * that host, and every header (Authorization, Cookie) would go with it: the ALB answers both with 400.
     */
    static boolean originForm(URI requestTarget) {
        String path = requestTarget.getRawPath();
        return requestTarget.getScheme() == null && requestTarget.getRawAuthority() == null && path != null
                && path.startsWith("/");
    }

    /** The task's own scheme, host and port with the request's raw path and query, never anything else. */
    static URI upstream(URI task, URI requestTarget) {
        String query = requestTarget.getRawQuery();
        return URI.create(task.getScheme() + "://" + task.getRawAuthority() + requestTarget.getRawPath()
                + (query == null ? "" : "?" + query));
    }

    private int relay(HttpExchange exchange, Target target, byte[] body) throws IOException {
        HttpRequest.Builder out = HttpRequest.newBuilder(upstream(target.url, exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(60)) // the ALB's default idle timeout
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.toLowerCase(Locale.ROOT).startsWith("x-forwarded-")) {
                values.forEach(value -> out.header(name, value));
            }
        });
        out.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
        out.header("X-Forwarded-Proto", "http");
        out.header("X-Forwarded-Port", Integer.toString(server.getAddress().getPort()));
        HttpResponse<byte[]> response;
        try {
            response = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return reply(exchange, 502, "Task " + target.number + " did not answer.\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reply(exchange, 502, "Interrupted.\n");
        }
        target.served.incrementAndGet();
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] bytes = response.body();
        boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || response.statusCode() == 204
                || response.statusCode() == 304;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!noBody && bytes.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        }
        return response.statusCode();
    }

    private static int reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
        return status;
    }

    /** One line per request, like an ALB access log: time, client, target, status, ms, request line. */
    private void access(HttpExchange exchange, Target target, int status, long start, String request) {
        String line = Instant.now() + " " + exchange.getRemoteAddress().getAddress().getHostAddress() + " "
                + (target == null ? "-" : "task-" + target.number + " " + target.url.getAuthority()) + " " + status
                + " " + (System.nanoTime() - start) / 1_000_000 + "ms \"" + request + "\"";
        synchronized (accessLog) {
            try {
                accessLog.write(line);
                accessLog.newLine();
                accessLog.flush();
            } catch (IOException ignored) {
                // the access log is a record, not a reason to fail a request
            }
        }
    }

    /** Stops sending requests to {@code target} (it is stopping). */
    public void deregister(Target target) {
        targets.remove(target);
        if (target.checking != null) {
            target.checking.cancel(false); // a watch session rolls out many tasks: no checks pile up
        }
    }

    /**
     * Deregisters {@code target} and waits until the requests it is answering are done, at most {@code delay}: the
     * target group's deregistration delay (connection draining), after which ECS stops the task.
     */
    public void drain(Target target, Duration delay) throws InterruptedException {
        deregister(target);
        long deadline = System.nanoTime() + delay.toNanos();
        Thread.sleep(Math.min(100, delay.toMillis())); // a request that picked it just before counts by now
        int busy = target.inFlight.get();
        if (busy > 0) {
            log.info("[lb] task " + target.number + " draining: " + busy + " request(s) in flight, waiting at most "
                    + delay.toSeconds() + " s");
        }
        while (target.inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        server.stop(0);
        handlers.shutdownNow();
        synchronized (accessLog) {
            try {
                accessLog.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
