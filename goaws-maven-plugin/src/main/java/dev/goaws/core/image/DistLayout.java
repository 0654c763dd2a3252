package dev.goaws.core.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link AppPackager} wrote into {@code target/goaws/dist}: the Docker build context and, in
 * {@value #DESCRIPTOR}, everything the Jib build needs to produce the same image later (another goal, another
 * Maven invocation) without repackaging.
 *
 * <pre>
 * dist/Dockerfile
 * dist/app/&lt;app&gt;.jar      the app's own classes and resources; manifest Main-Class + Class-Path lib/...
 * dist/app/lib/*.jar        runtime dependencies (empty for a foreign fat jar)
 * dist/app/assets/...       static files, if any
 * </pre>
 */
public record DistLayout(Path directory, String appJar, List<String> libs, boolean assets, String mainClass,
        ImageConfig config) {

    /** The descriptor file inside the dist directory (excluded from the Docker build context). */
    public static final String DESCRIPTOR = "goaws-image.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Descriptor(String appJar, List<String> libs, boolean assets, String mainClass,
            ImageConfig config) {
    }

    public DistLayout {
        libs = List.copyOf(libs);
    }

    public Path appDirectory() {
        return directory.resolve("app");
    }

    public Path appJarPath() {
        return appDirectory().resolve(appJar);
    }

    public Path libDirectory() {
        return appDirectory().resolve("lib");
    }

    public Path assetsDirectory() {
        return appDirectory().resolve("assets");
    }

    void writeDescriptor() throws IOException {
        JSON.writeValue(directory.resolve(DESCRIPTOR).toFile(), new Descriptor(appJar, libs, assets, mainClass, config));
    }

    /** Reads a dist directory written by {@code goaws:build-app}. */
    public static DistLayout read(Path directory) throws ImageBuildException {
        Path descriptor = directory.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(descriptor)) {
            throw new ImageBuildException("No app image context in " + directory + " (" + DESCRIPTOR
                    + " missing). Run 'mvn goaws:build-app' first, or set goaws.image to a pushed image.");
        }
        try {
            Descriptor d = JSON.readValue(descriptor.toFile(), Descriptor.class);
            return new DistLayout(directory, d.appJar(), d.libs(), d.assets(), d.mainClass(), d.config());
        } catch (IOException e) {
            throw new ImageBuildException("Cannot read " + descriptor + ": " + e.getMessage()
                    + ". Run 'mvn goaws:build-app' again.", e);
        }
    }
}
