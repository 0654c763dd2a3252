package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shaded jar as the container runs it: {@code java -jar}, configured by the environment only. */
@ExtendWith(LocalAws.Extension.class)
class PackagedJarIT {

    private static final Path JAR = Path.of(System.getProperty("app.jar", "target/sample-app.jar"));
    private static final String USER = "jar-user";
    private static final String PASSWORD = "jar password: not in any log";
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void jarCarriesItsMainClassAndAssets() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(App.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String entry : List.of("static/app.css", "static/app.js", "templates/index.mustache",
                    "templates/result.mustache", "spark/Service.class")) {
                assertTrue(jar.getEntry(entry) != null, entry + " is missing from " + JAR);
            }
        }
    }

    @Test
    void refusesToStartWithoutCredentials() throws Exception {
        Path log = Files.createTempFile(Path.of("target"), "no-credentials-", ".log");
        Process process = javaJar(Map.of("AWS_REGION", LocalAws.REGION), log);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the app should exit, not serve");
        assertEquals(App.EXIT_BAD_CONFIG, process.exitValue());
        String output = Files.readString(log);
        assertTrue(output.contains("Refusing to start: GOAWS_USERNAME is not set; GOAWS_PASSWORD is not set"), output);
    }

    @Test
    void servesThenFinishesInFlightRequestsOnSigterm(LocalAws aws) throws Exception {
        aws.createTable("packaged-jar-items");
        aws.putItems("packaged-jar-items", LocalAws.numberedItems(25, 40));
        aws.putParameter("/go-on-aws/table", "packaged-jar-items");
        int port = LocalAws.freePort();
        Path log = Files.createTempFile(Path.of("target"), "packaged-jar-", ".log");
        try (FaultProxy ssmProxy = new FaultProxy(aws.ssmEndpoint())) {
            Map<String, String> env = new HashMap<>();
            env.put("PORT", String.valueOf(port));
            env.put("GOAWS_USERNAME", USER);
            env.put("GOAWS_PASSWORD", PASSWORD);
            env.put("AWS_REGION", LocalAws.REGION);
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.dynamoDbEndpoint().toString());
            env.put("AWS_ENDPOINT_URL_SSM", ssmProxy.endpoint().toString());
            Process process = javaJar(env, log);
            try {
                URI base = URI.create("http://127.0.0.1:" + port);
                waitForPing(base, process, log);
                assertEquals(401, send(HttpRequest.newBuilder(base.resolve("/")).build()).statusCode());
                assertEquals(200, send(authorized(base.resolve("/static/app.css"))).statusCode());

                // Hold the first SSM call so a /query is in flight when SIGTERM arrives.
                ssmProxy.mode(FaultProxy.Mode.HOLD_NEXT);
                CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                        authorized(base.resolve("/query?format=json")), HttpResponse.BodyHandlers.ofString());
                assertTrue(ssmProxy.held.await(60, TimeUnit.SECONDS), "the query never reached SSM");
                process.destroy(); // SIGTERM
                waitForLogLine(log, "Stopping: finishing in-flight requests", process);
                ssmProxy.release.countDown();

                HttpResponse<String> response = inFlight.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().contains("\"count\":25"), response.body());
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the app should exit after the request");
                assertEquals(143, process.exitValue(), "128 + SIGTERM: the JVM exited through its shutdown hooks");

                String output = Files.readString(log);
                assertTrue(output.contains("Stopped"), output);
                assertTrue(output.contains("GET /query 200 "), "access log line expected:\n" + output);
                assertTrue(output.contains("GET / 401 "), output);
                assertFalse(output.contains(PASSWORD), "the password must never be logged");
                assertFalse(output.contains(RunningApp.basicAuth(USER, PASSWORD).substring(6)),
                        "the Authorization header must never be logged");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private Process javaJar(Map<String, String> env, Path log) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            fail("no packaged jar at " + JAR + ": run this through `mvn verify`");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", JAR.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Only what the test passes: no GOAWS_* or AWS_* leaking in from the developer's shell.
        builder.environment().keySet().removeIf(name -> name.startsWith("GOAWS_") || name.startsWith("AWS_")
                || name.equals("PORT"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private HttpRequest authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", RunningApp.basicAuth(USER, PASSWORD)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void waitForPing(URI base, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("the app exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (send(HttpRequest.newBuilder(base.resolve("/ping")).build()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                LocalAws.sleep(50);
            }
        }
        fail("the app did not answer /ping within 60 s:\n" + Files.readString(log));
    }

    private static void waitForLogLine(Path log, String line, Process process) throws IOException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (Files.readString(log).contains(line)) {
                return;
            }
            LocalAws.sleep(20);
        }
        fail("never logged '" + line + "' (alive: " + process.isAlive() + "):\n" + Files.readString(log));
    }
}
