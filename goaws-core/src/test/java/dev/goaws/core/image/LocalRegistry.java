package dev.goaws.core.image;

import dev.goaws.core.engine.Loopback;
import dev.goaws.core.local.LocalAwsException;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Distribution registry ({@code docker-registry}, Debian) on 127.0.0.1, storage in a temp dir. Needs
 * {@code apt-get install docker-registry} (.ci/run does it).
 */
public final class LocalRegistry implements AutoCloseable {
    static final Path BINARY = Path.of(System.getProperty("docker.registry.binary", "/usr/bin/docker-registry"));
    private static final ObjectMapper JSON = new ObjectMapper();

    final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param htpasswd an htpasswd file to require Basic auth with, or null for an open registry */
    public LocalRegistry(Path workDir, Path htpasswd)
            throws IOException, InterruptedException, dev.goaws.core.local.LocalAwsException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install docker-registry (see .ci/run)");
        }
        port = dev.goaws.core.engine.Loopback.freePort();
        Path config = workDir.resolve("registry-" + port + ".yml");
        Files.writeString(config, "version: 0.1\n"
                + "log:\n  level: error\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + workDir.resolve("data-" + port) + "\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: goaws-test-only\n"
                + (htpasswd == null ? "" : "auth:\n  htpasswd:\n    realm: goaws-test\n    path: " + htpasswd + "\n"));
        process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("registry-" + port + ".log").toFile())
                .start();
        // Ready when /v2/ answers (200, or 401 with auth); bounded, and it fails with the log if it never does.
        for (int attempt = 0; ; attempt++) {
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(base() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (attempt == 200 || !process.isAlive()) {
                close();
                throw new IllegalStateException("docker-registry did not start: "
                        + Files.readString(workDir.resolve("registry-" + port + ".log")));
            }
            Thread.sleep(50);
        }
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    private String base() {
        return "http://" + host();
    }

    /** A tiny base image (no JRE: the registry assertions need none), pushed with Jib from scratch. */
    public String pushBaseImage(Path workDir) throws Exception {
        Path file = Files.writeString(workDir.resolve("base-marker.txt"), "goaws test base\n");
        String reference = host() + "/test/base:17";
        Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .addFileEntriesLayer(FileEntriesLayer.builder().setName("base")
                        .addEntry(file, AbsoluteUnixPath.get("/etc/goaws-base.txt")).build())
                .addEnvironmentVariable("JAVA_HOME", "/opt/java")
                // As Temurin's images have one: an image built on this base must not run it (its command is the
                // whole process).
                .setEntrypoint(java.util.List.of("/__cacert_entrypoint.sh"))
                .containerize(Containerizer.to(RegistryImage.named(reference))
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(workDir.resolve("base-cache"))
                        .setApplicationLayersCache(workDir.resolve("base-app-cache")));
        return reference;
    }

    /** The manifest (OCI or Docker v2.2) of {@code repository} at {@code digestOrTag}. */
    public JsonNode manifest(String repository, String digestOrTag) throws IOException, InterruptedException {
        return JSON.readTree(get("/v2/" + repository + "/manifests/" + digestOrTag,
                "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"));
    }

    public JsonNode config(String repository, JsonNode manifest) throws IOException, InterruptedException {
        return JSON.readTree(blob(repository, manifest.get("config").get("digest").asText()));
    }

    byte[] blob(String repository, String digest) throws IOException, InterruptedException {
        return get("/v2/" + repository + "/blobs/" + digest, "*/*");
    }

    JsonNode catalog() throws IOException, InterruptedException {
        return JSON.readTree(get("/v2/_catalog", "application/json"));
    }

    private byte[] get(String path, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " -> HTTP " + response.statusCode());
        }
        return response.body();
    }


    @Override
    public void close() {
        ProcessRunner.destroyTree(process);
    }

}
