package dev.goaws.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The CSS/JS shipped in the jar, served through a route (Spark's staticFiles would bypass the
 * auth filter, perwendel/spark#571). Only these names exist: no path ever reaches the class loader.
 */
final class StaticAssets {

    record Asset(String contentType, byte[] body) {}

    private final Map<String, Asset> assets;

    StaticAssets() {
        assets = Map.of(
                "app.css", load("app.css", "text/css; charset=utf-8"),
                "app.js", load("app.js", "text/javascript; charset=utf-8"));
    }

    Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static Asset load(String name, String contentType) {
        String resource = "/static/" + name;
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + resource);
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
