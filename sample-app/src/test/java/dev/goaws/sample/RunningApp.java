package dev.goaws.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The real {@link WebApp} in this JVM on a free port, wired to the given AWS clients. */
final class RunningApp implements AutoCloseable {

    static final String USER = "tester";
    static final String PASSWORD = "correct horse battery staple";

    final WebApp app;
    final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    RunningApp(SsmClient ssm, DynamoDbClient dynamoDb, String tableParameter) {
        app = WebApp.start(0, new BasicAuthenticator(USER, PASSWORD),
                new TableNameCache(ssm, tableParameter, App.TABLE_NAME_TTL, Clock.systemUTC()),
                new ItemScanner(dynamoDb));
        base = URI.create("http://127.0.0.1:" + app.port());
    }

    static String basicAuth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(60))
                .header("Authorization", basicAuth(USER, PASSWORD));
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    HttpResponse<String> postForm(String path, String urlEncodedForm) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncodedForm)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
