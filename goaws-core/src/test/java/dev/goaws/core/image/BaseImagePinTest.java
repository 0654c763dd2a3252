package dev.goaws.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A base image's tag pinned to the digest the registry serves for it, against a real registry (docker-registry). */
@Tag("registry")
class BaseImagePinTest {
    @TempDir
    Path dir;

    @Test
    void aTagIsPinnedToTheDigestOfItsManifest() throws Exception {
        try (LocalRegistry registry = new LocalRegistry(dir, null)) {
            String tag = registry.pushBaseImage(dir);
            JibImageBuilder.Options options = new JibImageBuilder.Options(true, null, null, null);

            String pinned = BaseImagePin.pin(tag, options);

            // The registry serves the tag's manifest under that digest (it checks digests against content).
            JsonNode manifest = registry.manifest("test/base", "17");
            String digest = pinned.substring(pinned.indexOf('@') + 1);
            assertEquals(tag + "@" + digest, pinned);
            assertEquals(manifest, registry.manifest("test/base", digest), "the digest names the tag's manifest");
            assertTrue(digest.matches("sha256:[a-f0-9]{64}"), digest);
            ImageConfig pinnedConfig = new ImageConfig(pinned, List.of(), 8080, ImageConfig.DEFAULT_USER);
            assertFalse(BaseImagePin.isMovingTag(pinnedConfig), "a pinned base stays as it is");
            assertTrue(BaseImagePin.isMovingTag(new ImageConfig(tag, List.of(), 8080, ImageConfig.DEFAULT_USER)));
        }
    }
}
