package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** npm, installing the cdk CLI, gets what it needs from Maven's environment and none of the rest. */
class NpmEnvironmentTest {

    @Test
    void awsKeysAndTheBuildsOtherVariablesAreRemovedWhatNpmNeedsIsKept() {
        Map<String, String> maven = new TreeMap<>();
        for (String name : new String[] {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_PROFILE", "MAVEN_OPTS", "MAVEN_CMD_LINE_ARGS", "GOAWS_PASSWORD", "GITHUB_TOKEN", "JAVA_HOME",
                "NODE_OPTIONS", "PATH", "HOME", "HTTPS_PROXY", "http_proxy", "NO_PROXY", "npm_config_cache",
                "NPM_CONFIG_REGISTRY", "NODE_EXTRA_CA_CERTS", "LANG", "LC_ALL", "TMPDIR", "Path", "USERPROFILE"}) {
            maven.put(name, "value");
        }
        Map<String, String> removed = NpmEnvironment.removals(maven);
        assertEquals(Arrays.asList("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "GITHUB_TOKEN", "GOAWS_PASSWORD", "JAVA_HOME", "MAVEN_CMD_LINE_ARGS", "MAVEN_OPTS", "NODE_OPTIONS"),
                removed.keySet().stream().toList());
        removed.values().forEach(value -> assertEquals(null, value, "a removal is a null value"));
    }
}
