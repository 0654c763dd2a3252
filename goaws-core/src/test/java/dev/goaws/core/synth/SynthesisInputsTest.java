package dev.goaws.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The up-to-date check of {@code goaws:synth}: what makes a synthesized assembly reusable, and what does not. */
@Tag("node")
class SynthesisInputsTest {
    private static final String LIBRARIES = "software.amazon.awscdk/aws-cdk-lib 2.263.0\n";
    private static final GoawsSettings SETTINGS = GoawsSettings.builder().nag(false)
            .image(new ImageSource.Registry("public.ecr.aws/docker/library/amazoncorretto:17")).build();

    @TempDir
    static Path shared;
    private static Path synthesized;

    /** One real synthesis; each test works on its own copy. */
    @BeforeAll
    static void synthesizeOnce() throws Exception {
        synthesized = shared.resolve("cdk.out");
        new Synthesizer(System.getenv()).synthesize(SETTINGS, synthesized);
    }

    private static Path copy(Path dir) throws IOException {
        Path target = Files.createDirectories(dir).resolve("cdk.out");
        try (Stream<Path> files = Files.walk(synthesized)) {
            for (Path source : files.toList()) {
                Files.copy(source, target.resolve(synthesized.relativize(source).toString()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static SynthesisInputs inputs(GoawsSettings settings) throws IOException {
        return SynthesisInputs.of(settings, "0.1.0", LIBRARIES);
    }

    @Test
    void recordedAssemblyIsUpToDateAndLoadsFromDisk(@TempDir Path dir) throws Exception {
        Path out = copy(dir);
        inputs(SETTINGS).writeTo(out);

        Assembly assembly = inputs(SETTINGS).upToDate(out).orElseThrow();
        assertEquals(Assembly.load(synthesized).stackNames(), assembly.stackNames());
        assertEquals("2.1134.0", assembly.minimumCliVersion());
    }

    @Test
    void anAssemblyWithoutRecordedInputsIsNotReused(@TempDir Path dir) throws Exception {
        assertTrue(inputs(SETTINGS).upToDate(copy(dir)).isEmpty());
    }

    @Test
    void aChangedSettingSynthesizesAgain(@TempDir Path dir) throws Exception {
        Path out = copy(dir);
        inputs(SETTINGS).writeTo(out);

        assertTrue(inputs(SETTINGS.toBuilder().cpu(512).memoryMiB(1024).build()).upToDate(out).isEmpty());
        assertTrue(inputs(SETTINGS.toBuilder().nag(true).build()).upToDate(out).isEmpty(),
                "an assembly made without cdk-nag must not pass for a checked one");
        assertTrue(inputs(SETTINGS.toBuilder().image(new ImageSource.Registry(
                "public.ecr.aws/docker/library/amazoncorretto:21")).build()).upToDate(out).isEmpty());
    }

    @Test
    void anotherPluginOrLibraryVersionSynthesizesAgain(@TempDir Path dir) throws Exception {
        Path out = copy(dir);
        inputs(SETTINGS).writeTo(out);

        assertTrue(SynthesisInputs.of(SETTINGS, "0.2.0", LIBRARIES).upToDate(out).isEmpty());
        assertTrue(SynthesisInputs.of(SETTINGS, "0.1.0", "software.amazon.awscdk/aws-cdk-lib 2.264.0\n")
                .upToDate(out).isEmpty());
        // The real inputs name the libraries on the classpath and are stable within a build.
        assertEquals(SynthesisInputs.of(SETTINGS, "0.1.0").key(), SynthesisInputs.of(SETTINGS, "0.1.0").key());
        assertNotEquals(inputs(SETTINGS).key(), SynthesisInputs.of(SETTINGS, "0.1.0").key());
    }

    @Test
    void anEditedOrDeletedAssemblyFileSynthesizesAgain(@TempDir Path dir) throws Exception {
        Path edited = copy(dir.resolve("edited"));
        inputs(SETTINGS).writeTo(edited);
        Path template = edited.resolve("goaws-table.template.json");
        Files.writeString(template, Files.readString(template).replace("itemID", "otherKey"));
        assertTrue(inputs(SETTINGS).upToDate(edited).isEmpty());

        Path deleted = copy(dir.resolve("deleted"));
        inputs(SETTINGS).writeTo(deleted);
        Files.delete(deleted.resolve("goaws-vpc.template.json"));
        assertTrue(inputs(SETTINGS).upToDate(deleted).isEmpty());

        Path noManifest = copy(dir.resolve("no-manifest"));
        inputs(SETTINGS).writeTo(noManifest);
        Files.delete(noManifest.resolve("manifest.json"));
        assertTrue(inputs(SETTINGS).upToDate(noManifest).isEmpty());
    }

    @Test
    void theImageDirectorysContentIsAnInput(@TempDir Path dir) throws Exception {
        Path context = Files.createDirectories(dir.resolve("dist"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY app.jar /app/\n");
        Files.writeString(context.resolve("app.jar"), "version 1");
        GoawsSettings fromDirectory = SETTINGS.toBuilder().image(new ImageSource.Directory(context)).build();
        String before = inputs(fromDirectory).key();

        assertEquals(before, inputs(fromDirectory).key());
        Files.writeString(context.resolve("app.jar"), "version 2");
        assertNotEquals(before, inputs(fromDirectory).key());
        Files.writeString(context.resolve("app.jar"), "version 1");
        assertEquals(before, inputs(fromDirectory).key());
        Files.writeString(context.resolve("extra.txt"), "");
        assertNotEquals(before, inputs(fromDirectory).key());
    }
}
