package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.engine.Loopback;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The emulator is for this machine's tools, not for web pages in its browser: goaws's launcher refuses a request
 * whose Host is not the emulator's own address (DNS rebinding) and any request a browser marks as its own
 * ({@code Origin}, {@code Sec-Fetch-*}), and moto's global CORS is off. The SDK on 127.0.0.1 keeps working.
 */
class MotoServerTest {
    private static final String SECRET = "emulated-login-value";
    private static MotoServer moto;
    private static SecretsManagerClient secrets;
    private static final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startMotoWithASecret() throws Exception {
        moto = MotoServer.start("python3", 0, Files.createTempDirectory("goaws-moto-guard"), output::add,
                Duration.ofSeconds(60));
        secrets = AwsTarget.of("eu-central-1", null, moto.endpoint().toString(), null, Map.of())
                .withLocalCredentials().connect().secretsManager();
        secrets.createSecret(b -> b.name("login").secretString(SECRET));
    }

    @AfterAll
    static void stopMoto() {
        if (secrets != null) {
            secrets.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void aRequestForAnotherHostNameIsRefusedAndChangesNothing() throws Exception {
        // What a page on evil.example sends after its name was rebound to 127.0.0.1.
        String refused = raw("POST", "/moto-api/reset", "evil.example:" + moto.endpoint().getPort(), List.of());
        assertStatus(403, refused);
        assertEquals(SECRET, secrets.getSecretValue(b -> b.secretId("login")).secretString(), "the reset ran");
        assertTrue(output.stream().anyMatch(l -> l.contains("refused") && l.contains("evil.example")),
                output.toString());
    }

    @Test
    void aRequestABrowserMarksAsAPagesIsRefused() throws Exception {
        String host = moto.endpoint().getAuthority();
        assertStatus(403, raw("POST", "/moto-api/reset", host, List.of("Origin: http://evil.example")));
        assertStatus(403, raw("OPTIONS", "/", host, List.of("Origin: http://evil.example",
                "Access-Control-Request-Method: POST")));
        // An <img> or a navigation carries no Origin, but every current browser sends Sec-Fetch-*.
        assertStatus(403, raw("GET", "/moto-api/data.json", host, List.of("Sec-Fetch-Site: cross-site",
                "Sec-Fetch-Mode: no-cors")));
        assertEquals(SECRET, secrets.getSecretValue(b -> b.secretId("login")).secretString(), "the reset ran");
    }

    @Test
    void theEmulatorsOwnAddressesAreServedWithoutCorsHeaders() throws Exception {
        int port = moto.endpoint().getPort();
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port)) {
            String answer = raw("GET", "/moto-api/data.json", host, List.of());
            assertStatus(200, answer);
            assertFalse(head(answer).toLowerCase(Locale.ROOT).contains("\naccess-control-allow-origin:"), head(answer));
        }
        // The SDK, as goaws and the tasks use it.
        assertEquals(SECRET, secrets.getSecretValue(b -> b.secretId("login")).secretString());
    }

    private static void assertStatus(int expected, String response) {
        assertTrue(response.startsWith("HTTP/1.1 " + expected + " "), head(response));
    }

    /** The status line and headers: some answers are long. */
    private static String head(String response) {
        int end = response.indexOf("\n\n");
        return end < 0 ? response : response.substring(0, end);
    }

    /** One request over a raw socket, with exactly the Host and headers given (a browser's, or a rebinding's). */
    private static String raw(String method, String path, String host, List<String> headers) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        headers.forEach(h -> request.append(h).append("\r\n"));
        request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket(Loopback.HOST, moto.endpoint().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
    }
}
