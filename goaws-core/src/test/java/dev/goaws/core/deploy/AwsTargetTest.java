package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsTargetTest {

    @Test
    void theEndpointComesFromTheParameterOrElseAwsEndpointUrl() throws Exception {
        assertEquals("http://127.0.0.1:5000", AwsTarget.of(null, null, "http://127.0.0.1:5000", null,
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9")).endpoint().toString());
        assertEquals("http://127.0.0.1:9", AwsTarget.of(null, null, " ", null,
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9")).endpoint().toString());
        AwsTarget aws = AwsTarget.of("eu-west-1", null, null, null, Map.of());
        assertFalse(aws.emulated());
        assertEquals("eu-west-1", aws.region());
    }

    @Test
    void aMalformedEndpointOrAccountIsRefusedBeforeAnyCall() {
        InvalidSettingException noScheme = assertThrows(InvalidSettingException.class,
                () -> AwsTarget.of(null, null, "127.0.0.1:4566", null, Map.of()));
        assertTrue(noScheme.getMessage().contains("is not a URL; use e.g. http://127.0.0.1:4566"), noScheme.getMessage());
        assertEquals("goaws.endpoint", noScheme.setting());
        InvalidSettingException ftp = assertThrows(InvalidSettingException.class,
                () -> AwsTarget.of(null, null, "ftp://127.0.0.1:4566", null, Map.of()));
        assertTrue(ftp.getMessage().contains("must be an http(s) URL with a host"), ftp.getMessage());
        assertEquals("goaws.endpoint", ftp.setting());
        InvalidSettingException account = assertThrows(InvalidSettingException.class,
                () -> AwsTarget.of(null, null, null, "12345", Map.of()));
        assertEquals("goaws.account", account.setting());
        assertTrue(account.getMessage().contains("'12345' is not a 12-digit AWS account id"), account.getMessage());
    }

    @Test
    void localCredentialsAreForEmulatorsOnlyAndReachTheCli() throws Exception {
        assertThrows(IllegalStateException.class,
                () -> AwsTarget.of("eu-central-1", null, null, null, Map.of()).withLocalCredentials());
        AwsTarget local = AwsTarget.of("eu-central-1", "someone", "http://127.0.0.1:1", null, Map.of())
                .withLocalCredentials();
        var session = new AwsTarget.AwsSession(local, null, software.amazon.awssdk.regions.Region.EU_CENTRAL_1,
                "123456789012");
        Map<String, String> env = session.cliEnvironment();
        assertEquals("test", env.get("AWS_ACCESS_KEY_ID"));
        assertTrue(env.containsKey("AWS_PROFILE") && env.get("AWS_PROFILE") == null, "a profile must not leak in");
        assertEquals("http://127.0.0.1:1", env.get("AWS_ENDPOINT_URL"));
        assertEquals("aws://123456789012/eu-central-1", session.environment());
    }
}
