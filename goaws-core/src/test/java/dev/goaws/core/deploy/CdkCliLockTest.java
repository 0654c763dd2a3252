package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.goaws.core.Reporter;
import dev.goaws.core.process.ProcessRunner;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cdk CLI goaws installs comes from the package.json and package-lock.json shipped in the plugin: one
 * version everywhere (the lock, its package.json, {@link CliSettings#DEFAULT_VERSION} and the parent POM's
 * {@code aws-cdk-cli.version}), installed by the real npm with {@code npm ci --ignore-scripts}, and a tarball
 * that does not match the lock's integrity hash is refused.
 */
class CdkCliLockTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLockItsPackageJsonTheDefaultAndTheParentPomNameOneVersion() throws Exception {
        JsonNode packageJson = resource("package.json");
        JsonNode lock = resource("package-lock.json");
        String version = packageJson.path("dependencies").path("aws-cdk").asText();
        assertEquals(CliSettings.DEFAULT_VERSION, version, "package.json and CliSettings.DEFAULT_VERSION");
        Matcher pom = Pattern.compile("<aws-cdk-cli.version>([^<]+)</aws-cdk-cli.version>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertTrue(pom.find(), "the parent POM's aws-cdk-cli.version");
        assertEquals(version, pom.group(1), "the parent POM's aws-cdk-cli.version and package.json");

        assertEquals(packageJson.path("dependencies"), lock.path("packages").path("").path("dependencies"),
                "package-lock.json was made from this package.json (npm ci refuses a lock out of step)");
        JsonNode cli = lock.path("packages").path("node_modules/aws-cdk");
        assertEquals(version, cli.path("version").asText());
        assertEquals(CliVersion.parse(version), CdkCli.lockedVersion());
        assertEquals("https://registry.npmjs.org/aws-cdk/-/aws-cdk-" + version + ".tgz", cli.path("resolved").asText());
        assertTrue(cli.path("integrity").asText().matches("sha512-[A-Za-z0-9+/]{86}=="), cli.toString());
        List<String> packages = new ArrayList<>();
        lock.path("packages").fieldNames().forEachRemaining(packages::add);
        assertEquals(List.of("", "node_modules/aws-cdk"), packages, "aws-cdk bundles its dependencies");
    }

    @Test
    void thePinnedCliIsInstalledFromTheLockWithNpmCi(@TempDir Path cache) throws Exception {
        List<String> log = new ArrayList<>();
        CdkCli cli = CdkCli.provide(new CdkCli.Provisioning(null, CdkCli.lockedVersion(), cache, false, false,
                Map.of()), CliVersion.parse("2.1134.0"), Reporter.of(log::add, log::add));
        assertEquals(CdkCli.lockedVersion(), cli.version());
        Path home = cache.resolve(CdkCli.lockedVersion().toString());
        assertEquals(home.resolve("node_modules/.bin/cdk"), cli.executable());
        assertTrue(log.stream().anyMatch(l -> l.endsWith("from goaws's lockfile (once)")), log.toString());
        // npm ci installs exactly the lock: nothing besides aws-cdk, and the lock unchanged
        try (Stream<Path> modules = Files.list(home.resolve("node_modules"))) {
            assertEquals(Set.of("aws-cdk", ".bin", ".package-lock.json"),
                    Set.copyOf(modules.map(m -> m.getFileName().toString()).toList()));
        }
        assertEquals(resource("package-lock.json"), JSON.readTree(home.resolve("package-lock.json").toFile()));
    }

    @Test
    void aTarballThatDoesNotMatchTheLocksIntegrityIsRefused(@TempDir Path dir) throws Exception {
        // A tampered mirror (a local HTTP server, the test's stand-in): it serves other bytes under the locked name.
        HttpServer mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] tampered = "not the aws-cdk that was locked".getBytes(StandardCharsets.UTF_8);
        mirror.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, tampered.length);
            exchange.getResponseBody().write(tampered);
            exchange.close();
        });
        mirror.start();
        try {
            Path project = Files.createDirectories(dir.resolve("project"));
            CdkCli.writeLockedProject(project);
            Path lock = project.resolve("package-lock.json");
            Files.writeString(lock, Files.readString(lock).replace("https://registry.npmjs.org/aws-cdk/-/",
                    "http://127.0.0.1:" + mirror.getAddress().getPort() + "/aws-cdk/-/"));
            Map<String, String> environment = new HashMap<>(NpmEnvironment.removals(System.getenv()));
            // an empty npm cache: the locked tarball cached here from earlier installs must not answer instead
            environment.put("npm_config_cache", dir.resolve("npm-cache").toString());
            environment.put("npm_config_fetch_retries", "0"); // the mismatch is final: no retries with back-off
            List<String> output = new ArrayList<>();
            ProcessRunner.Result result = ProcessRunner.run(CdkCli.npmCommand(project, true, CdkCli.lockedVersion(),
                    false), environment, project, output::add, Duration.ofMinutes(5));
            assertFalse(result.succeeded(), String.join("\n", output));
            assertTrue(String.join("\n", output).contains("EINTEGRITY"), String.join("\n", output));
            assertFalse(Files.exists(project.resolve("node_modules/.bin/cdk")), "a tampered CLI was installed");
        } finally {
            mirror.stop(0);
        }
    }

    private static JsonNode resource(String name) throws Exception {
        try (InputStream in = CdkCli.class.getResourceAsStream(CdkCli.LOCKED_PROJECT + name)) {
            assertTrue(in != null, name + " is not shipped");
            return JSON.readTree(in);
        }
    }
}
