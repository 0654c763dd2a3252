package dev.goaws.core.image;

import dev.goaws.core.engine.Loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goaws.core.ImageSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Jib against a real registry (Distribution 2.8 on 127.0.0.1): push, manifest layers, config, digest stability,
 * layer reuse, and the errors. The base image is put into the registry by the test itself (no internet).
 */
@Tag("registry")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JibRegistryTest {
    @TempDir
    static Path dir;
    LocalRegistry registry;
    String base;
    Path depA;
    Path depB;
    final List<String> log = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        registry = new LocalRegistry(dir, null);
        base = registry.pushBaseImage(dir);
        depA = TestApps.dependency(dir.resolve("repo/dep-a-1.0.jar"), Map.of("org/a/A.class", "a".repeat(5000)));
        depB = TestApps.dependency(dir.resolve("repo/dep-b-2.0.jar"), Map.of("org/b/B.class", "b".repeat(5000)));
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    /** Compiles the app with {@code greeting}, shades it, packs it into dist/{@code name}. */
    private Path dist(String name, String greeting, long jarTime) throws Exception {
        return dist(name, greeting, jarTime, dir.resolve("dist-" + name));
    }

    private Path dist(String name, String greeting, long jarTime, Path dist) throws Exception {
        Path classes = TestApps.compileMain(dir.resolve("src-" + name), greeting);
        Path shaded = TestApps.shaded(dir.resolve("target-" + name + "/hello-1.0.jar"), classes, List.of(depA, depB), jarTime);
        ImageConfig config = new ImageConfig(base, ImageConfig.DEFAULT_JVM_FLAGS, 8080, ImageConfig.DEFAULT_USER);
        AppPackager.pack(new AppInput(shaded, List.of(depA, depB), classes, null, null, "mvn package"), config, dist);
        return dist;
    }

    private ImagePublisher.Request request(Path dist, String repository) {
        return new ImagePublisher.Request(dist, ImageBuilderMode.JIB, null, repository, true,
                dir.resolve("jib-base-cache"), dir.resolve("jib-app-cache-" + dist.getFileName()), null);
    }

    private static EcrClient noEcr() {
        throw new AssertionError("a non-ECR repository must not call ECR");
    }

    @Test
    void pushesALayeredNonRootImageAndReferencesItByDigest() throws Exception {
        Path dist = dist("push", "hello", 1_000L);
        ImageSource source = ImagePublisher.publish(request(dist, registry.host() + "/goaws/app"), () -> true,
                JibRegistryTest::noEcr, log::add);

        String reference = ((ImageSource.Registry) source).reference();
        assertTrue(reference.matches("127\\.0\\.0\\.1:\\d+/goaws/app@sha256:[0-9a-f]{64}"), reference);
        JsonNode manifest = registry.manifest("goaws/app", reference.substring(reference.indexOf('@') + 1));
        JsonNode layers = manifest.get("layers");
        assertEquals(3, layers.size(), "base + dependencies + app: " + manifest);
        assertEquals(registry.manifest("test/base", "17").get("layers").get(0).get("digest"), layers.get(0).get("digest"));
        assertEquals(List.of("app/lib/dep-a-1.0.jar", "app/lib/dep-b-2.0.jar"), files(layers.get(1)));
        assertEquals(List.of("app/hello-1.0.jar"), files(layers.get(2)));

        JsonNode config = registry.config("goaws/app", manifest).get("config");
        // The java command is the image's command, with no entrypoint: a one-off task's command replaces it.
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/hello-1.0.jar"),
                texts(config.get("Cmd")));
        assertEquals(List.of(), texts(config.path("Entrypoint")), "the base image's entrypoint is cleared: " + config);
        assertTrue(config.get("ExposedPorts").has("8080/tcp"), config.toString());
        assertEquals("65532:65532", config.get("User").asText());
        assertEquals("/app", config.get("WorkingDir").asText());
        assertTrue(texts(config.get("Env")).containsAll(List.of("PORT=8080", "JAVA_HOME=/opt/java")), config.toString());
        // The tag is the content tag; the same content under it.
        String tag = ImagePublisher.contentTag(DistLayout.read(dist));
        assertEquals(manifest, registry.manifest("goaws/app", tag));
    }

    @Test
    void sameInputsGiveTheSameDigestAndACodeChangeOnlyTheTopLayer() throws Exception {
        String repo = registry.host() + "/goaws/stable";
        long start = System.nanoTime();
        JibImageBuilder.Built first = ImagePublisher.push(request(dist("a", "hello", 1_000L), repo), JibRegistryTest::noEcr, log::add);
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        // Rebuilt from scratch: new javac run, new jar with other timestamps, new dist dir, new app-layer cache.
        start = System.nanoTime();
        JibImageBuilder.Built again = ImagePublisher.push(request(dist("b", "hello", 77_000_000L), repo), JibRegistryTest::noEcr, log::add);
        long againMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(first.digest(), again.digest());

        JibImageBuilder.Built changed = ImagePublisher.push(request(dist("c", "hello, changed", 1_000L), repo), JibRegistryTest::noEcr, log::add);
        assertNotEquals(first.digest(), changed.digest());
        JsonNode before = registry.manifest("goaws/stable", first.digest()).get("layers");
        JsonNode after = registry.manifest("goaws/stable", changed.digest()).get("layers");
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size() - 1; i++) {
            assertEquals(before.get(i), after.get(i), "layer " + i + " must be reused");
        }
        assertNotEquals(before.get(before.size() - 1), after.get(after.size() - 1), "the app layer changes");
        System.out.printf("jib push: first %d ms, identical rebuild %d ms, digest %s%n", firstMs, againMs, first.digest());
    }

    @Test
    void anAppChangedInPlaceIsPushedAsItsNewLayerNotTheCachedOldOne() throws Exception {
        // What build-app and watch do: the same dist directory and cache directory, packed again after a change
        // of one byte (same jar size, same fixed file times).
        String repo = registry.host() + "/goaws/inplace";
        Path dist = dir.resolve("dist-inplace");
        ImagePublisher.Request request = request(dist("inplace-1", "hello", 1_000L, dist), repo);
        JibImageBuilder.Built first = ImagePublisher.push(request, JibRegistryTest::noEcr, log::add);
        dist("inplace-2", "hallo", 1_000L, dist);
        JibImageBuilder.Built second = ImagePublisher.push(request, JibRegistryTest::noEcr, log::add);
        assertNotEquals(first.digest(), second.digest(), "the changed app must give a new image");
        JsonNode before = registry.manifest("goaws/inplace", first.digest()).get("layers");
        JsonNode after = registry.manifest("goaws/inplace", second.digest()).get("layers");
        assertEquals(before.get(1), after.get(1), "the dependencies' layer is the same blob");
        assertNotEquals(before.get(2), after.get(2), "the app's layer is new");
        try (var left = Files.list(dir.resolve("jib-app-cache-dist-inplace"))) {
            assertEquals(0, left.count(), "each build's application cache is removed after it");
        }
    }

    @Test
    void writesAnOciTarball() throws Exception {
        Path dist = dist("tar", "hello", 1_000L);
        Path tar = dir.resolve("out/image.tar");
        JibImageBuilder.Built built = ImagePublisher.writeTar(request(dist, null), tar, log::add);
        Map<String, byte[]> entries = new TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertTrue(entries.containsKey("oci-layout") && entries.containsKey("index.json"), entries.keySet().toString());
        String index = new String(entries.get("index.json"), StandardCharsets.UTF_8);
        assertTrue(index.contains(built.digest()), index);
    }

    @Test
    void anUnreachableRegistryFailsNamingTheParameter() throws Exception {
        Path dist = dist("unreachable", "hello", 1_000L);
        int closed = dev.goaws.core.engine.Loopback.freePort();
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> ImagePublisher.push(
                request(dist, "127.0.0.1:" + closed + "/goaws/app"), JibRegistryTest::noEcr, log::add));
        assertTrue(e.getMessage().startsWith("Registry unreachable"), e.getMessage());
        assertTrue(e.getMessage().contains("goaws.imageRepository"), e.getMessage());
    }

    @Test
    void refusedCredentialsFailBeforeAnythingIsPushed() throws Exception {
        Path htpasswd = Files.writeString(dir.resolve("htpasswd"),
                // bcrypt of "right" for user goaws (Distribution accepts only bcrypt entries)
                "goaws:$2b$12$o3V02SpJvwoJWvN2Vg4VOORHqp.RCFpRjVk2/6j/7sFFTiqq4MoA6\n");
        Path dist = dist("auth", "hello", 1_000L);
        try (LocalRegistry locked = new LocalRegistry(dir, htpasswd)) {
            Path dockerConfig = Files.writeString(dir.resolve("docker-config.json"), "{\"auths\":{\"" + locked.host()
                    + "\":{\"auth\":\"" + Base64.getEncoder().encodeToString("goaws:wrong".getBytes(StandardCharsets.UTF_8))
                    + "\"}}}");
            ImagePublisher.Request request = new ImagePublisher.Request(dist, ImageBuilderMode.JIB, null,
                    locked.host() + "/goaws/app", true, dir.resolve("jib-base-cache"), dir.resolve("jib-app-cache-auth"),
                    dockerConfig);
            // Jib sends no credentials over plain HTTP unless told; the test registry has no TLS.
            System.setProperty("sendCredentialsOverHttp", "true");
            try {
                ImageBuildException e = assertThrows(ImageBuildException.class,
                        () -> ImagePublisher.push(request, JibRegistryTest::noEcr, log::add));
                assertTrue(e.getMessage().startsWith("Authentication refused by the registry"), e.getMessage());
                assertTrue(!e.getMessage().contains("wrong"), "no secret in messages");
            } finally {
                System.clearProperty("sendCredentialsOverHttp");
            }
            // Nothing landed: the registry's storage has no repository at all.
            assertTrue(!Files.exists(dir.resolve("data-" + locked.port + "/docker/registry/v2/repositories/goaws")));
        }
        assertTrue(log.stream().noneMatch(l -> l.contains("wrong") || l.contains("Z29hd3M6d3Jvbmc=")), "no secret in logs");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The regular files of a layer blob, in order. */
    private List<String> files(JsonNode layer) throws Exception {
        String repository = "goaws/app";
        byte[] blob;
        try {
            blob = registry.blob(repository, layer.get("digest").asText());
        } catch (java.io.IOException e) {
            blob = registry.blob("goaws/stable", layer.get("digest").asText());
        }
        List<String> files = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(blob)))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isFile()) {
                    files.add(e.getName());
                    assertEquals(1_000L, e.getModTime().getTime(), "Jib's fixed file time (epoch + 1 s)");
                }
            }
        }
        return files;
    }
}
