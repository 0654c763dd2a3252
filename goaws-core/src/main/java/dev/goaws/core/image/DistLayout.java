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
 * dist/app/app.jsa          an AppCDS archive trained in the image (goaws.classDataSharing), if any
 * </pre>
 */
public record DistLayout(Path directory, String appJar, List<String> libs, boolean assets, String mainClass,
        ImageConfig config, boolean classDataArchive) {

    /** The descriptor file inside the dist directory (excluded from the Docker build context). */
    public static final String DESCRIPTOR = "goaws-image.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The AppCDS archive's name in {@code dist/app/} and in the image's {@link ImageConfig#APP_DIR}. */
    public static final String CLASS_DATA_ARCHIVE = "app.jsa";

    private record Descriptor(String appJar, List<String> libs, boolean assets, String mainClass,
            ImageConfig config, boolean classDataArchive) {
    }

    public DistLayout {
        libs = List.copyOf(libs);
    }

    /** A layout without a class-data archive (what the packager writes). */
    public DistLayout(Path directory, String appJar, List<String> libs, boolean assets, String mainClass,
            ImageConfig config) {
        this(directory, appJar, libs, assets, mainClass, config, false);
    }

    public Path classDataArchivePath() {
        return appDirectory().resolve(CLASS_DATA_ARCHIVE);
    }

    /**
     * The image's command: {@link ImageConfig#command}, and with an archive the flag that maps it. The
     * JVM's default {@code -Xshare:auto} ignores an archive that does not fit (another JVM build or class path)
     * with a warning in the log, so a stale archive costs the start-up gain, never the start.
     */
    public List<String> command() {
        List<String> command = new java.util.ArrayList<>(config.command(appJar));
        if (classDataArchive) {
            command.add(1, "-XX:SharedArchiveFile=" + ImageConfig.APP_DIR + "/" + CLASS_DATA_ARCHIVE);
        }
        return List.copyOf(command);
    }

    /** Records the archive now in {@link #classDataArchivePath()} in the descriptor. */
    DistLayout withClassDataArchive() throws IOException {
        DistLayout layout = new DistLayout(directory, appJar, libs, assets, mainClass, config, true);
        layout.writeDescriptor();
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
                classDataArchive));
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
            return new DistLayout(directory, d.appJar(), d.libs(), d.assets(), d.mainClass(), d.config(),
                    d.classDataArchive() && Files.isRegularFile(directory.resolve("app").resolve(CLASS_DATA_ARCHIVE)));
        } catch (IOException e) {
            throw new ImageBuildException("Cannot read " + descriptor + ": " + e.getMessage()
                    + ". Run 'mvn goaws:build-app' again.", e);
        }
    }
}
