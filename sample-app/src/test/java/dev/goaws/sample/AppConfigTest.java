package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    private static final Map<String, String> CREDENTIALS = Map.of("GOAWS_USERNAME", "ops", "GOAWS_PASSWORD", "pa:ss w0rd");

    @Test
    void defaultsFromTheContract() {
        AppConfig config = AppConfig.fromEnvironment(CREDENTIALS);
        assertEquals(8080, config.port());
        assertEquals("/go-on-aws/table", config.tableParameter());
        assertEquals("ops", config.username());
        assertEquals("pa:ss w0rd", config.password(), "a password may contain colons and spaces");
        assertEquals("0.0.0.0", config.bindAddress(), "in a container the app must listen on every interface");
    }

    @Test
    void bindAddressIsAnIpAddressOrRefused() {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(CREDENTIALS);
        env.put("GOAWS_BIND_ADDRESS", "127.0.0.1");
        assertEquals("127.0.0.1", AppConfig.fromEnvironment(env).bindAddress());
        env.put("GOAWS_BIND_ADDRESS", "my host");
        AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
                () -> AppConfig.fromEnvironment(env));
        assertTrue(e.getMessage().contains("GOAWS_BIND_ADDRESS must be an IP address such as 127.0.0.1"),
                e.getMessage());
    }

    @Test
    void portAndParameterFromTheEnvironment() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("GOAWS_USERNAME", "ops", "GOAWS_PASSWORD", "x",
                "PORT", "9090", "GOAWS_TABLE_PARAMETER", "/other/table"));
        assertEquals(9090, config.port());
        assertEquals("/other/table", config.tableParameter());
    }

    @Test
    void noCredentialsRefusesWithAClearMessage() {
        AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
                () -> AppConfig.fromEnvironment(Map.of()));
        assertTrue(e.getMessage().contains("GOAWS_USERNAME is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("GOAWS_PASSWORD is not set"), e.getMessage());
    }

    @Test
    void emptyPasswordIsNoPassword() {
        assertThrows(AppConfig.InvalidConfigException.class,
                () -> AppConfig.fromEnvironment(Map.of("GOAWS_USERNAME", "ops", "GOAWS_PASSWORD", "")));
    }

    @Test
    void userWithColonCouldNeverLogIn() {
        AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
                () -> AppConfig.fromEnvironment(Map.of("GOAWS_USERNAME", "a:b", "GOAWS_PASSWORD", "x")));
        assertTrue(e.getMessage().contains("must not contain ':'"));
    }

    @Test
    void badPortIsReportedWithoutThePassword() {
        AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
                () -> AppConfig.fromEnvironment(Map.of("GOAWS_USERNAME", "ops", "GOAWS_PASSWORD", "hunter2", "PORT", "http")));
        assertTrue(e.getMessage().contains("PORT must be a number"));
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void toStringHidesThePassword() {
        assertFalse(AppConfig.fromEnvironment(CREDENTIALS).toString().contains("pa:ss"));
    }
}
