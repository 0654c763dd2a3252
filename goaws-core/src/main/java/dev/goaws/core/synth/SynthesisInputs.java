package dev.goaws.core.synth;

import dev.goaws.core.FileTrees;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything a synthesis depends on, hashed into one key, so that a rebuild with nothing changed can reuse the
 * assembly on disk instead of starting jsii/node and the CDK again (that is where the seconds go). The key
 * covers the plugin (version and, for rebuilt snapshots, its jar's bytes), the CDK and cdk-nag library versions,
 * every setting (cdk-nag on or off among them: an assembly made with nag on passed it), and for an image built
 * from a directory that directory's content (the assembly carries a copy of it).
 *
 * <p>This class touches no CDK class: loading a CDK class starts the jsii runtime.
 */
public final class SynthesisInputs {
    /** Written next to the assembly's manifest after a successful synthesis. */
    public static final String FILE = "goaws-inputs.sha256";

    /** groupId/artifactId of the libraries that shape an assembly (constructs is pinned by aws-cdk-lib). */
    private static final List<String> LIBRARIES = List.of("software.amazon.awscdk/aws-cdk-lib",
            "io.github.cdklabs/cdknag");

    private final String key;

    private SynthesisInputs(String key) {
        this.key = key;
    }

    /** The inputs of synthesizing {@code settings} with goaws {@code pluginVersion} and the libraries it runs with. */
    public static SynthesisInputs of(GoawsSettings settings, String pluginVersion) throws IOException {
        StringBuilder libraries = new StringBuilder();
        for (String library : LIBRARIES) {
            libraries.append(library).append(' ').append(libraryVersion(library)).append('\n');
        }
        return of(settings, pluginVersion + " " + ownJarHash(), libraries.toString());
    }

    static SynthesisInputs of(GoawsSettings settings, String plugin, String libraries) throws IOException {
        MessageDigest sha = Sha256.digest();
        String described = "goaws " + plugin + "\n" + libraries + "settings " + settings + "\n";
        sha.update(described.getBytes(StandardCharsets.UTF_8));
        if (settings.image() instanceof ImageSource.Directory directory) {
            // The CDK copies the build context into the assembly: a changed file is a changed assembly.
            sha.update("image-directory\n".getBytes(StandardCharsets.UTF_8));
            FileTrees.digest(sha, directory.path(), file -> true);
        }
        return new SynthesisInputs(Sha256.hex(sha));
    }

    public String key() {
        return key;
    }

    /**
     * The assembly in {@code directory} when it was synthesized from these inputs and nobody changed it since;
     * empty when it must be synthesized again (no key, another key, a missing manifest, an edited file).
     */
    public Optional<Assembly> upToDate(Path directory) throws SynthesisException {
        Path file = directory.resolve(FILE);
        if (!Assembly.exists(directory) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (!Files.readString(file).equals(record(directory))) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(Assembly.load(directory));
    }

    /** Records these inputs next to the assembly just synthesized into {@code directory}. */
    public void writeTo(Path directory) throws IOException {
        Files.writeString(directory.resolve(FILE), record(directory));
    }

    /** The key plus a hash of the assembly's files: an edited or deleted template no longer matches. */
    private String record(Path directory) throws IOException {
        MessageDigest sha = Sha256.digest();
        FileTrees.digest(sha, directory, f -> !f.getFileName().toString().equals(FILE));
        return "inputs " + key + "\nassembly " + Sha256.hex(sha) + "\n";
    }

    private static String libraryVersion(String library) {
        String resource = "META-INF/maven/" + library + "/pom.properties";
        try (InputStream in = SynthesisInputs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SNAPSHOT plugin rebuilt with other stack code keeps its version: its jar's bytes tell them apart. */
    private static String ownJarHash() throws IOException {
        CodeSource source = SynthesisInputs.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return "no-code-source";
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "no-code-source";
        }
        if (!Files.isRegularFile(location)) {
            return "classes"; // unit tests run from target/classes
        }
        MessageDigest sha = Sha256.digest();
        sha.update(Files.readAllBytes(location));
        return Sha256.hex(sha);
    }
}
