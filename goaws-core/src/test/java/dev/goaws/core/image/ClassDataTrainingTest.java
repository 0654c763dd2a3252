package dev.goaws.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * goaws.classDataSharing without a container: what is refused before anything is built, and how an archive in
 * the dist directory reaches the image. The training run itself runs in ContainerLocalCloudIT (podman).
 */
class ClassDataTrainingTest {
    private static final String PINNED = "public.ecr.aws/docker/library/eclipse-temurin:17-jre@sha256:"
            + "a".repeat(64);

    @Test
    void aMovingBaseImageTagIsRefusedNamingTheSettingAndTheDigestForm() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ClassDataTraining.requirePinnedBase(ImageConfig.defaults(8080)));
        assertEquals("goaws.baseImage", e.setting());
        assertTrue(e.getMessage().contains("-Dgoaws.baseImage=" + ImageConfig.DEFAULT_BASE_IMAGE + "@sha256:<digest>"),
                e.getMessage());
        ClassDataTraining.requirePinnedBase(new ImageConfig(PINNED, List.of(), 8080, ImageConfig.DEFAULT_USER));
    }

    @Test
    void theArchiveFolderIsWritableForTheContainerButNoOtherUserCanReachIt(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("target/goaws/class-data");
        Files.createDirectories(work.resolve("archive"));
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(work.resolve("archive/app.jsa"), "left by someone else");

        Path archive = ClassDataTraining.archiveDirectory(work);

        assertEquals(work.resolve("archive"), archive);
        assertEquals(List.of(), Files.list(archive).toList(), "an earlier archive is gone");
        // The image's user (a mapped uid on a rootless engine) writes here through the mount, which hands the
        // container the folder itself: the path to it may stay closed to everyone else.
        assertEquals("rwxrwxrwx", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(archive)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(work)));
        assertEquals(Files.getOwner(dir), Files.getOwner(work));
    }

    @Test
    void trainingPathsAndRequestCountAreChecked() {
        InvalidSettingException path = assertThrows(InvalidSettingException.class,
                () -> ClassDataTraining.requireTrainingInput(List.of("/", "ping"), 10));
        assertEquals("goaws.classDataTrainingPaths", path.setting());
        assertTrue(path.getMessage().contains("'/,ping'"), path.getMessage());
        assertEquals("goaws.classDataTrainingPaths", assertThrows(InvalidSettingException.class,
                () -> ClassDataTraining.requireTrainingInput(List.of(), 10)).setting());
        assertEquals("goaws.classDataTrainingRequests", assertThrows(InvalidSettingException.class,
                () -> ClassDataTraining.requireTrainingInput(List.of("/"), 0)).setting());
        ClassDataTraining.requireTrainingInput(List.of("/", "/ping?deep=true"), 1);
    }

    @Test
    void withDockerOrAnUnpinnedBaseNothingIsPackagedNorAnEngineLookedFor(@TempDir Path dir) {
        Path dist = dir.resolve("dist");
        AtomicBoolean packaged = new AtomicBoolean();
        AtomicBoolean engineAsked = new AtomicBoolean();
        ImageConfig pinned = new ImageConfig(PINNED, List.of(), 8080, ImageConfig.DEFAULT_USER);
        for (var refusal : List.of(Map.entry(ImageBuilderMode.DOCKER, pinned),
                Map.entry(ImageBuilderMode.JIB, ImageConfig.defaults(8080)))) {
            AppBuild.Request request = new AppBuild.Request(() -> {
                packaged.set(true);
                return null;
            }, refusal.getValue(), new ImagePublisher.Request(dist, refusal.getKey(), null, null, false, null, null, null),
                    false, null, dir, () -> null, () -> false, () -> {
                        engineAsked.set(true);
                        return null;
                    }, Reporter.of(line -> { }, line -> { }));
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> AppBuild.run(request));
            assertEquals(refusal.getKey() == ImageBuilderMode.DOCKER ? "goaws.classDataSharing" : "goaws.baseImage",
                    e.setting());
        }
        assertFalse(packaged.get(), "the app was packaged before the refusal");
        assertFalse(engineAsked.get(), "a container engine was looked for before the refusal");
        assertFalse(Files.exists(dist));
    }

    @Test
    void anArchiveInTheDistIsTheImagesTopLayerAndMappedByTheCommand(@TempDir Path dir) throws Exception {
        Path classes = TestApps.compileMain(dir.resolve("v1"), "hello");
        Path jar = TestApps.shaded(dir.resolve("target/hello-1.0.jar"), classes, List.of(), 0);
        AppInput app = new AppInput(jar, List.of(), classes, null, null, "mvn package");
        DistLayout layout = AppPackager.pack(app, ImageConfig.defaults(8080), dir.resolve("dist"));
        assertFalse(DistLayout.read(layout.directory()).classDataArchive());
        assertFalse(layout.command().stream().anyMatch(f -> f.startsWith("-XX:SharedArchiveFile")));

        Files.write(layout.classDataArchivePath(), new byte[] {1, 2, 3});
        DistLayout trained = layout.withClassDataArchive();
        DistLayout read = DistLayout.read(layout.directory());
        assertTrue(read.classDataArchive());
        assertEquals(List.of("java", "-XX:SharedArchiveFile=/app/app.jsa", "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/" + layout.appJar()), read.command());
        var layers = JibImageBuilder.layers(trained);
        assertEquals("class-data", layers.get(layers.size() - 1).getName());
        assertEquals("/app/app.jsa", layers.get(layers.size() - 1).getEntries().get(0).getExtractionPath().toString());
        assertTrue(ImagePublisher.contentTag(trained).startsWith("goaws-"));

        // A descriptor that names an archive no longer there (a hand-cleaned dist) maps none.
        Files.delete(layout.classDataArchivePath());
        assertFalse(DistLayout.read(layout.directory()).classDataArchive());
        // Repackaging (a code change) drops the archive: it belonged to the old jar.
        Files.write(layout.classDataArchivePath(), new byte[] {1});
        layout.withClassDataArchive();
        AppPackager.pack(app, ImageConfig.defaults(8080), dir.resolve("dist"));
        assertFalse(Files.exists(layout.classDataArchivePath()));
        assertFalse(DistLayout.read(layout.directory()).classDataArchive());
    }
}
