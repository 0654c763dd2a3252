package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed requests over a raw socket (no client library tidying them up):
 * only 4xx answers, never a 500, and nothing but /ping served without valid credentials.
 */
@Tag("moto")
@Tag("node")
@ExtendWith(LocalAws.Extension.class)
class SecurityTableTest {

    static final String TABLE = "security-table-items";
    static final String PARAMETER = "/security-table-test/table";
    static final String VALID = RunningApp.basicAuth(RunningApp.USER, RunningApp.PASSWORD);
    static RunningApp app;

    @BeforeAll
    static void start(LocalAws aws) {
        aws.createTable(TABLE);
        aws.putItems(TABLE, LocalAws.numberedItems(3, 50));
        aws.putParameter(PARAMETER, TABLE);
        app = new RunningApp(aws.ssm(), aws.dynamoDb(), PARAMETER);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** One row of the table; {@code authorization} null means no header at all. */
    record Case(String method, String target, String authorization, List<String> extraHeaders, Set<Integer> expected) {}

    static Arguments row(String name, String method, String target, String authorization, Integer... expected) {
        return Arguments.of(name, new Case(method, target, authorization, List.of(), Set.of(expected)));
    }

    static Arguments row(String name, String method, String target, String authorization, List<String> headers,
            Integer... expected) {
        return Arguments.of(name, new Case(method, target, authorization, headers, Set.of(expected)));
    }

    static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> cases() {
        String user = RunningApp.USER;
        String password = RunningApp.PASSWORD;
        return Stream.of(
                // Positive controls: the table means something only if valid requests do pass.
                row("valid credentials", "GET", "/", VALID, 200),
                row("scheme is case-insensitive", "GET", "/", "basic " + VALID.substring(6), 200),
                row("ping needs no credentials", "GET", "/ping", null, 200),
                row("HEAD ping needs no credentials", "HEAD", "/ping", null, 200),
                row("valid unicode query", "GET", "/query?q=%E2%98%83", VALID, 200),
                // Missing or wrong credentials.
                row("no header on /", "GET", "/", null, 401),
                row("no header on GET /query", "GET", "/query?format=json", null, 401),
                row("no header on POST /query", "POST", "/query", null, 401),
                row("no header on static CSS", "GET", "/static/app.css", null, 401),
                row("no header on unknown path", "GET", "/admin", null, 401),
                row("wrong password", "GET", "/", basic(user + ":wrong"), 401),
                row("wrong user", "GET", "/", basic("admin:" + password), 401),
                row("user differs in case", "GET", "/", basic("Tester:" + password), 401),
                row("password with trailing space", "GET", "/", basic(user + ":" + password + " "), 401),
                row("empty password", "GET", "/", basic(user + ":"), 401),
                row("empty user and password", "GET", "/", basic(":"), 401),
                row("no colon", "GET", "/", basic(user + password), 401),
                row("malformed base64", "GET", "/", "Basic !!!not-base64***", 401),
                row("scheme without credentials", "GET", "/", "Basic", 401),
                row("scheme and a space", "GET", "/", "Basic ", 401),
                row("bearer token", "GET", "/", "Bearer " + VALID.substring(6), 401),
                row("unicode credentials", "GET", "/", basic("tëster:pässwörd☃"), 401),
                row("raw unicode in header", "GET", "/", "Basic ☃☃☃", 400, 401),
                row("huge header under Jetty's limit", "GET", "/", "Basic " + "A".repeat(6_000), 401),
                row("header over Jetty's 8 KiB limit", "GET", "/", "Basic " + "A".repeat(20_000), 431),
                row("no header, method override", "POST", "/query", null, List.of("X-HTTP-Method-Override: GET"), 400, 401),
                row("method override with credentials", "POST", "/query", VALID, List.of("X-HTTP-Method-Override: DELETE"), 400),
                // Paths that try to escape or dodge the routes.
                row("dot-dot path", "GET", "/../etc/passwd", VALID, 400, 404),
                row("encoded dot-dot path", "GET", "/%2e%2e/%2e%2e/etc/passwd", VALID, 400, 404),
                row("dot-dot under static", "GET", "/static/../../pom.xml", VALID, 400, 404),
                row("encoded dot-dot under static", "GET", "/static/%2e%2e/%2e%2e/pom.xml", VALID, 400, 404),
                row("encoded slash under static", "GET", "/static/..%2fWebApp.class", VALID, 400, 404),
                row("dot-dot to a protected path, no auth", "GET", "/ping/../query", null, 400, 401),
                row("path parameter trick, no auth", "GET", "/ping;/../query", null, 400, 401, 404),
                row("double slash, no auth", "GET", "//query", null, 400, 401, 404),
                row("trailing slash on ping, no auth", "GET", "/ping/", null, 200, 401, 404),
                row("case-changed route", "GET", "/Query", VALID, 404),
                row("empty static name", "GET", "/static/", VALID, 404),
                row("encoded unicode path", "GET", "/%E2%98%83", VALID, 404),
                row("raw unicode path", "GET", "/☃", VALID, 400, 404),
                // Methods.
                row("DELETE /", "DELETE", "/", VALID, 405),
                row("PUT /query", "PUT", "/query", VALID, 405),
                row("PATCH /ping without auth", "PATCH", "/ping", null, 405),
                row("POST /ping without auth", "POST", "/ping", null, 405),
                row("TRACE /", "TRACE", "/", VALID, 400, 405),
                row("OPTIONS /query", "OPTIONS", "/query", VALID, 405),
                row("made-up method", "FOO", "/", VALID, 405),
                row("WebDAV method without auth", "PROPFIND", "/", null, 401),
                // Bad parameters.
                row("bad percent-encoding", "GET", "/query?q=%zz", VALID, 400),
                row("NUL as limit", "GET", "/query?limit=%00", VALID, 400),
                row("negative limit", "GET", "/query?limit=-5", VALID, 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersWithTheExpectedStatus(String name, Case c) throws IOException {
        RawResponse response = send(c);
        assertNotEquals(500, response.status(), name + ": " + response.text());
        assertTrue(c.expected().contains(response.status()),
                name + ": expected one of " + c.expected() + " but got " + response.status() + "\n" + response.text());
        assertFalse(response.text().contains("Exception"), "no stack trace or exception name reaches a client");
        if (response.status() == 401) {
            assertTrue(response.text().contains("\nWWW-Authenticate: Basic realm=\"goaws\""), response.text());
        }
    }

    @org.junit.jupiter.api.Test
    void theAppsRefusalsCarryTheSecurityHeadersToo() throws IOException {
        // Every answer the app itself gives, including those of its before-filter: a 401 page or a 400 is still a
        // page a browser renders.
        for (Case c : List.of(
                new Case("GET", "/", null, List.of(), Set.of(401)),
                new Case("POST", "/query", null, List.of("X-HTTP-Method-Override: GET"), Set.of(400)),
                new Case("POST", "/query", VALID, List.of("X-HTTP-Method-Override: DELETE"), Set.of(400)),
                new Case("GET", "/query?limit=-5", VALID, List.of(), Set.of(400)),
                new Case("DELETE", "/", VALID, List.of(), Set.of(405)),
                new Case("GET", "/ping", null, List.of(), Set.of(200)))) {
            RawResponse response = send(c);
            assertTrue(c.expected().contains(response.status()), c + ": " + response.text());
            for (String header : List.of("\nX-Content-Type-Options: nosniff\n", "\nX-Frame-Options: DENY\n",
                    "\nReferrer-Policy: no-referrer\n",
                    "\nContent-Security-Policy: default-src 'self'; frame-ancestors 'none'\n")) {
                assertTrue(response.text().contains(header), c + " lacks" + header + response.text());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void withoutCredentialsTheBodyIsNotReadEvenToChooseTheErrorFormat() throws IOException {
        // Reading "format" through the servlet's parameters would parse this form body before authentication.
        RawResponse form = send("POST", "/query", null, List.of("Content-Type: application/x-www-form-urlencoded"),
                "format=json&querystring=x");
        assertTrue(form.status() == 401, form.text());
        assertTrue(form.text().contains("\nContent-Type: text/html"), form.text());
        // The query string is part of the request line, not the body: it still asks for JSON.
        RawResponse query = send("POST", "/query?format=json", null,
                List.of("Content-Type: application/x-www-form-urlencoded"), "querystring=x");
        assertTrue(query.status() == 401, query.text());
        assertTrue(query.text().contains("\nContent-Type: application/json"), query.text());
        // With credentials, too, format comes from the query string only; the form's fields still query.
        RawResponse authorized = send("POST", "/query", VALID,
                List.of("Content-Type: application/x-www-form-urlencoded"), "format=json&querystring=item-00001");
        assertTrue(authorized.status() == 200, authorized.text());
        assertTrue(authorized.text().contains("\nContent-Type: text/html"), authorized.text());
    }

    record RawResponse(int status, String text) {}

    static RawResponse send(Case c) throws IOException {
        return send(c.method(), c.target(), c.authorization(), c.extraHeaders(), "");
    }

    static RawResponse send(String method, String target, String authorization, List<String> extraHeaders,
            String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(app.app.port()).append("\r\n")
                .append("Connection: close\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        extraHeaders.forEach(header -> request.append(header).append("\r\n"));
        request.append("Content-Length: ").append(content.length).append("\r\n\r\n").append(body);
        try (Socket socket = new Socket("127.0.0.1", app.app.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (!text.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP response: " + text);
            }
            return new RawResponse(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
