package dev.goaws.core.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.process.ProcessRunner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The forms of a secret an app may print without meaning to, each masked; what masking cannot catch is in
 * docs/SECURITY.md.
 */
class SecretMaskTest {
    private static final String USER = "goaws";
    private static final String PASSWORD = "p@ss w/rd+\"ä\"-1";
    private static final SecretMask MASK = SecretMask.of(List.of(USER, PASSWORD));

    @Test
    void secretValuesAreMaskedInEveryLine() {
        List<String> out = new ArrayList<>();
        var masking = SecretMask.of(List.of("generated-password-1", "another-secret-value")).masking(out::add);
        masking.accept("login with generated-password-1 and generated-password-1");
        masking.accept("token=another-secret-value;");
        masking.accept("nothing secret here");
        assertEquals(List.of("login with **** and ****", "token=****;", "nothing secret here"), out);
    }

    @Test
    void aValueOfSeveralLinesIsMaskedLineByLineAndALongerValueBeforeItsPrefix() {
        // Output arrives one line at a time: a PEM key printed by the app is masked in each of its lines.
        SecretMask mask = SecretMask.of(List.of("-----BEGIN KEY-----\nMIIEvQIBADANBgkq\n-----END KEY-----",
                "prefix-of-a-secret", "prefix-of-a-secret-longer"));
        assertEquals("****", mask.apply("-----BEGIN KEY-----"));
        assertEquals("****", mask.apply("MIIEvQIBADANBgkq"));
        assertEquals("value ****", mask.apply("value prefix-of-a-secret-longer"));
    }

    @Test
    void shortValuesAreNotMaskedInsideOtherWords() {
        // A user name such as "goaws" is not a secret and would otherwise turn "goaws-table-1" into "****-table-1".
        assertEquals("table goaws-table-1", MASK.apply("table goaws-table-1"));
    }

    @Test
    void aLoggedBasicAuthorizationHeaderIsMasked() {
        String header = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertMasked("Authorization: Basic " + header);
        assertMasked("Authorization: Basic " + Base64.getUrlEncoder().encodeToString(
                (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertMasked("secret=" + Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void urlEncodedFormsAreMasked() {
        String form = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        assertMasked("POST /login body: user=goaws&password=" + form);
        assertMasked("GET /x?password=" + form.replace("+", "%20"));
        assertMasked("GET /x?password=" + form.replace("+", "%20").toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void jsonEscapedFormsAreMasked() throws Exception {
        String json = new ObjectMapper().writeValueAsString(Map.of("password", PASSWORD));
        assertMasked(json);
        assertMasked(json.replace("/", "\\/"));
        assertMasked(new ObjectMapper().writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                .writeValueAsString(Map.of("password", PASSWORD)));
    }

    @Test
    void aChildsKeptLastLinesAreMaskedBeforeTheyAreKept() throws Exception {
        List<String> shown = new ArrayList<>();
        ProcessRunner.Running running = ProcessRunner.start(List.of("sh", "-c", "echo \"my password is $SECRET\""),
                Map.of("SECRET", "generated-password-1"), null, SecretMask.of(List.of("generated-password-1")),
                shown::add);
        assertEquals(ProcessRunner.Running.Wait.EXITED, running.await(() -> false, Duration.ofSeconds(30),
                Duration.ofMillis(50)));
        running.process().waitFor();
        for (int i = 0; i < 100 && running.tail().isEmpty(); i++) {
            Thread.sleep(20); // the pump hands the last line on right after the process ends
        }
        assertEquals(List.of("my password is ****"), running.tail());
        assertEquals(List.of("my password is ****"), shown);
    }

    private static void assertMasked(String line) {
        String masked = MASK.apply(line);
        assertTrue(masked.contains(SecretMask.MASK), line + " -> " + masked);
        assertFalse(masked.contains(PASSWORD), masked);
        for (String leak : List.of("p@ss", "w/rd", "w%2Frd", "w%2frd", "w\\/rd", "cEBzcy")) {
            assertFalse(masked.contains(leak), line + " -> " + masked);
        }
    }
}
