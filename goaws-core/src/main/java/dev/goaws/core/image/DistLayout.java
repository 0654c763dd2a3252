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
 * dist/app/app.aot|app.jsa  the start-up cache trained in the image (goaws.startupCache), if any
 * </pre>
 *
 * @param startupCache the kind of start-up cache in {@code dist/app/}, or null for none
 */
public record DistLayout(Path directory, String appJar, List<String> libs, boolean assets, String mainClass,
        ImageConfig config, StartupCache startupCache) {

    /** The descriptor file inside the dist directory (excluded from the Docker build context). */
    public static final String DESCRIPTOR = "goaws-image.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Descriptor(String appJar, List<String> libs, boolean assets, String mainClass,
            ImageConfig config, StartupCache startupCache) {
    }

    public DistLayout {
        libs = List.copyOf(libs);
    }

    /** A layout without a start-up cache (what the packager writes). */
    public DistLayout(Path directory, String appJar, List<String> libs, boolean assets, String mainClass,
            ImageConfig config) {
        this(directory, appJar, libs, assets, mainClass, config, null);
    }

    /** Where a start-up cache of {@code kind} lives in the dist directory. */
    public Path startupCachePath(StartupCache kind) {
        return appDirectory().resolve(kind.fileName());
    }

    /**
     * The image's command: {@link ImageConfig#command}, and with a start-up cache the flag that maps it
     * ({@link StartupCache#useFlag}: a cache that does not fit is ignored with a warning, never a failed start).
     */
    public List<String> command() {
        List<String> command = new java.util.ArrayList<>(config.command(appJar));
        if (startupCache != null) {
            command.add(1, startupCache.useFlag());
        }
        return List.copyOf(command);
    }

    /** Records the cache of {@code kind} now in {@link #startupCachePath} in the descriptor. */
    DistLayout withStartupCache(StartupCache kind) throws IOException {
        DistLayout layout = new DistLayout(directory, appJar, libs, assets, mainClass, config, kind);
        layout.writeDescriptor();
        Files.writeString(directory.resolve("Dockerfile"), Dockerfile.render(layout));
        return layout;
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
        JSON.writeValue(directory.resolve(DESCRIPTOR).toFile(), new Descriptor(appJar, libs, assets, mainClass, config,
                startupCache));
    }

    /**
     * Why the image context in {@code directory} does not hold {@code appJar} as it is now: there is none, or the
     * jar was written after it (a {@code mvn package} since the last {@code goaws:build-app}). Empty when it is up
     * to date.
     */
    public static java.util.Optional<String> staleness(Path directory, Path appJar) {
        Path descriptor = directory.resolve(DESCRIPTOR);
        try {
            if (!Files.isRegularFile(descriptor)) {
                return java.util.Optional.of("there is no image context in " + directory);
            }
            if (appJar != null && Files.isRegularFile(appJar)
                    && Files.getLastModifiedTime(appJar).compareTo(Files.getLastModifiedTime(descriptor)) > 0) {
                return java.util.Optional.of("the app jar " + appJar + " is newer than the image context in " + directory);
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of("the image context in " + directory + " cannot be read (" + e.getMessage() + ")");
        }
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
            StartupCache cache = d.startupCache();
            boolean present = cache != null && Files.isRegularFile(directory.resolve("app").resolve(cache.fileName()));
            return new DistLayout(directory, d.appJar(), d.libs(), d.assets(), d.mainClass(), d.config(),
                    present ? cache : null);
        } catch (IOException e) {
            throw new ImageBuildException("Cannot read " + descriptor + ": " + e.getMessage()
                    + ". Run 'mvn goaws:build-app' again.", e);
        }
    }
}
