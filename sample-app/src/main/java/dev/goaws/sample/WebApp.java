package dev.goaws.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;
import spark.embeddedserver.EmbeddedServers;
import spark.embeddedserver.jetty.EmbeddedJettyFactory;

/** The HTTP side: routes, Basic auth, content negotiation and the error contract. */
public final class WebApp {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;
    /** How long a stop waits for in-flight requests (ECS waits 30 s before SIGKILL). */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    static final String REALM_CHALLENGE = "Basic realm=\"goaws\", charset=\"UTF-8\"";
    private static final String OPEN_PATH = "/ping";
    private static final String STATIC_PREFIX = "/static/";
    private static final Map<String, Set<String>> METHODS_BY_PATH = Map.of(
            "/", Set.of("GET", "HEAD"),
            "/query", Set.of("GET", "HEAD", "POST"),
            OPEN_PATH, Set.of("GET", "HEAD"));
    private static final Set<String> STATIC_METHODS = Set.of("GET", "HEAD");
    private static final String JSON = "application/json";
    private static final String HTML = "text/html; charset=utf-8";
    private static final Object JETTY_ID = "goaws-graceful-jetty";
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        EmbeddedServers.add(JETTY_ID, new EmbeddedJettyFactory(new GracefulJettyServerFactory(STOP_TIMEOUT)));
    }

    /** A client error whose message is safe to show. */
    static final class BadRequestException extends RuntimeException {
        BadRequestException(String message) {
            super(message, null, false, false);
        }
    }

    private final Service http;
    private final BasicAuthenticator authenticator;
    private final TableNameCache tableNames;
    private final ItemScanner scanner;
    private final Pages pages = new Pages();
    private final StaticAssets assets = new StaticAssets();

    private WebApp(BasicAuthenticator authenticator, TableNameCache tableNames, ItemScanner scanner) {
        this.http = Service.ignite();
        this.authenticator = authenticator;
        this.tableNames = tableNames;
        this.scanner = scanner;
    }

    /** Starts listening on {@code port} (0 picks a free one) and returns once requests are served. */
    public static WebApp start(int port, BasicAuthenticator authenticator, TableNameCache tableNames,
            ItemScanner scanner) {
        return start(AppConfig.DEFAULT_BIND_ADDRESS, port, authenticator, tableNames, scanner);
    }

    /** As {@link #start(int, BasicAuthenticator, TableNameCache, ItemScanner)}, on one interface only. */
    public static WebApp start(String bindAddress, int port, BasicAuthenticator authenticator,
            TableNameCache tableNames, ItemScanner scanner) {
        WebApp app = new WebApp(authenticator, tableNames, scanner);
        app.configureAndStart(bindAddress, port);
        return app;
    }

    public int port() {
        return http.port();
    }

    /** Stops accepting connections, lets in-flight requests finish (up to {@link #STOP_TIMEOUT}), then returns. */
    public void stop() {
        http.stop();
        http.awaitStop();
    }

    private void configureAndStart(String bindAddress, int port) {
        AtomicReference<Exception> startFailure = new AtomicReference<>();
        http.embeddedServerIdentifier(JETTY_ID);
        // Spark's default reaction to a failed start is System.exit; report it to the caller instead.
        http.initExceptionHandler(startFailure::set);
        http.ipAddress(bindAddress);
        http.port(port);

        http.before(this::authenticateAndCheckMethod);
        http.get("/", (req, res) -> html(res, pages.index()));
        http.head("/", (req, res) -> html(res, pages.index()));
        http.get("/query", this::query);
        http.head("/query", this::query);
        http.post("/query", this::query);
        http.get(OPEN_PATH, (req, res) -> {
            res.type(JSON);
            return "{\"message\":\"pong\"}";
        });
        http.head(OPEN_PATH, (req, res) -> {
            res.type(JSON);
            return "";
        });
        Route asset = (req, res) -> assets.find(req.params("name"))
                .<Object>map(found -> {
                    res.type(found.contentType());
                    res.header("Cache-Control", "private, max-age=3600");
                    return found.body();
                })
                .orElseGet(() -> error(req, res, 404, "Not found"));
        http.get(STATIC_PREFIX + ":name", asset);
        http.head(STATIC_PREFIX + ":name", asset);
        http.notFound((req, res) -> error(req, res, 404, "Not found"));

        http.exception(BadRequestException.class, (e, req, res) -> res.body(error(req, res, 400, e.getMessage())));
        http.exception(BadMessageException.class, (e, req, res) -> {
            // Jetty's own parsing errors (bad %-encoding, oversized form): a client fault, not ours.
            int status = e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 400;
            res.body(error(req, res, status, "Bad request"));
        });
        http.exception(ParameterNotFoundException.class, (e, req, res) -> res.body(unavailable(req, res,
                "The table parameter " + tableNames.parameterName() + " does not exist in SSM.")));
        http.exception(ResourceNotFoundException.class, (e, req, res) -> {
            tableNames.invalidate();
            res.body(unavailable(req, res, "The table named by " + tableNames.parameterName() + " does not exist."));
        });
        http.exception(SdkException.class, (e, req, res) -> {
            // Throttling lands here once the SDK's own retries are spent; so do unreachable endpoints.
            LOG.warn("AWS call failed for {} {}: {}", req.requestMethod(), req.pathInfo(), e.toString());
            res.body(unavailable(req, res, "The table is not available right now; retry shortly."));
        });
        http.exception(Exception.class, (e, req, res) -> {
            LOG.error("Unexpected error on {} {}", req.requestMethod(), req.pathInfo(), e);
            res.body(error(req, res, 500, "Internal error"));
        });

        http.init();
        http.awaitInitialization();
        if (startFailure.get() != null) {
            http.stop();
            throw new IllegalStateException("Could not start the web server on port " + port, startFailure.get());
        }
    }

    private void authenticateAndCheckMethod(Request req, Response res) {
        String path = req.pathInfo();
        // First: the refusals below (401, 400) are pages a browser renders too.
        res.header("X-Content-Type-Options", "nosniff");
        res.header("X-Frame-Options", "DENY");
        res.header("Referrer-Policy", "no-referrer");
        res.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        if (!OPEN_PATH.equals(path)) {
            res.header("Cache-Control", "no-store");
        }
        if (req.headers("X-HTTP-Method-Override") != null) {
            // Spark would route by this header; refuse it rather than let it change which route runs.
            http.halt(400, error(req, res, 400, "X-HTTP-Method-Override is not supported"));
        }
        if (!OPEN_PATH.equals(path) && !authenticator.isAuthorized(req.headers("Authorization"))) {
            res.header("WWW-Authenticate", REALM_CHALLENGE);
            http.halt(401, error(req, res, 401, "Authentication required"));
        }
        Set<String> allowed = path != null && path.startsWith(STATIC_PREFIX) ? STATIC_METHODS : METHODS_BY_PATH.get(path);
        if (allowed != null && !allowed.contains(req.requestMethod())) {
            res.header("Allow", String.join(", ", new TreeSet<>(allowed)));
            http.halt(405, error(req, res, 405, "Method not allowed"));
        }
    }

    private Object query(Request req, Response res) throws JsonProcessingException {
        int limit = parseLimit(req.queryParams("limit"));
        String query = firstNonBlank(req.queryParams("q"), req.queryParams("querystring"));
        boolean json = wantsJson(req);
        ItemScanner.Result result = scanner.scan(tableNames.tableName(), query, limit);
        if (json) {
            res.type(JSON);
            return MAPPER.writeValueAsString(ItemJson.result(result));
        }
        return html(res, pages.result(result, query, limit));
    }

    static int parseLimit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.strip();
        }
        return second == null || second.isBlank() ? null : second.strip();
    }

    /**
     * JSON for {@code Accept: application/json} or {@code format=json} in the query string. Never from the body:
     * the servlet's parameters would parse a form body, and this also picks the format of a 401, before
     * authentication.
     */
    private static boolean wantsJson(Request req) {
        String accept = req.headers("Accept");
        if (accept != null && accept.toLowerCase().contains(JSON)) {
            return true;
        }
        return "json".equalsIgnoreCase(queryStringParameter(req.queryString(), "format"));
    }

    /** The first value of {@code name} in a raw query string; null without one or when it is not decodable. */
    static String queryStringParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            try {
                if (URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8)
                        .equals(name)) {
                    return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException badEncoding) {
                return null; // reported as a 400 by the route; here it only picks the error format
            }
        }
        return null;
    }

    private static String html(Response res, String body) {
        res.type(HTML);
        return body;
    }

    private String unavailable(Request req, Response res, String message) {
        res.header("Retry-After", "5");
        return error(req, res, 503, message);
    }

    /** Sets the status and returns a short body: JSON for API clients, a page for browsers. Never a stack trace. */
    private String error(Request req, Response res, int status, String message) {
        res.status(status);
        if (wantsJson(req)) {
            res.type(JSON);
            return MAPPER.createObjectNode().put("error", message).put("status", status).toString();
        }
        res.type(HTML);
        return pages.error(status, message);
    }
}
