package dev.goaws.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment of a run that must reach nothing and be reached by nothing: the class-data training run. */
class AppEnvironmentTest {

    @Test
    void theIsolatedRunListensOnLoopbackOnlyAndReachesNoAws() {
        Map<String, String> env = AppEnvironment.isolated(41234, "eu-central-1", "/go-on-aws/table");
        // The training container shares the host's network: without this the app would listen on every interface.
        assertEquals("127.0.0.1", env.get(AppEnvironment.BIND_ADDRESS));
        assertEquals("GOAWS_BIND_ADDRESS", AppEnvironment.BIND_ADDRESS);
        assertEquals("41234", env.get(AppEnvironment.PORT));
        assertEquals("http://127.0.0.1:9", env.get("AWS_ENDPOINT_URL"));
        assertEquals("true", env.get("AWS_EC2_METADATA_DISABLED"));
        assertNotEquals(env.get(AppEnvironment.PASSWORD),
                AppEnvironment.isolated(41234, "eu-central-1", "/t").get(AppEnvironment.PASSWORD), "a throwaway login");
    }
}
