package dev.goaws.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.engine.Loopback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * goaws.startupCache without a container run: which cache a JVM gets, what is refused before anything is built,
 * what a build that cannot make the cache says, and how a cache in the dist directory reaches the image. The
 * training run itself runs in ContainerLocalCloudIT (podman).
 */
class ClassDataTrainingTest {
    @TempDir
    Path dir;

    private final List<String> info = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final AtomicBoolean packaged = new AtomicBoolean();
    private final AtomicBoolean trainingAsked = new AtomicBoolean();

    @Test
    void theArchiveFolderIsWritableForTheContainerButNoOtherUserCanReachIt() throws Exception {
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
    void aTasksTrainingRunRequestsTheRootAndTheHealthCheckAtTheTasksSize() {
        ContainerEngine engine = new ContainerEngine("podman", List.of());
        ClassDataTraining.Settings training = ClassDataTraining.forTask(null, 50, "/ping", null, "/app/table", 512,
                1024, () -> Optional.of(engine)).orElseThrow();

        assertEquals(List.of("/", "/ping"), training.paths());
        assertEquals(50, training.requestsPerPath());
        assertEquals("0.5", training.cpus());
        assertEquals(1024, training.memoryMiB());
        assertEquals("us-east-1", training.region(), "no AWS API is called: any region will do");
        assertEquals("/app/table", training.tableParameter());
        assertEquals(List.of("/", "/q"), ClassDataTraining.forTask(" / , /q ", 1, "/", "eu-west-1", "/t", 256, 512,
                () -> Optional.of(engine)).orElseThrow().paths());
        assertEquals(Optional.empty(), ClassDataTraining.forTask(null, 1, "/", "eu-west-1", "/t", 256, 512,
                Optional::empty), "no engine: no training");
    }

    @Test
    void aTasksTrainingInputIsCheckedBeforeAnEngineIsLookedFor() {
        Supplier<Optional<ContainerEngine>> engine = () -> {
            throw new AssertionError("an engine was looked for");
        };
        assertEquals("goaws.classDataTrainingPaths", assertThrows(InvalidSettingException.class,
                () -> ClassDataTraining.forTask("ping", 1, "/", null, "/t", 256, 512, engine)).setting());
        assertEquals("goaws.memory", assertThrows(InvalidSettingException.class,
                () -> ClassDataTraining.forTask(null, 1, "/", null, "/t", 256, 4096, engine)).setting());
        assertEquals("goaws.healthCheckPath", assertThrows(InvalidSettingException.class,
                () -> ClassDataTraining.forTask(null, 1, "ping", null, "/t", 256, 512, engine)).setting());
    }

    @Test
    void theStartupCachesFormerNameIsReadWithAWarningAndNeverAgainstTheNewOne() {
        List<String> warned = new ArrayList<>();
        assertEquals(AppBuild.StartupCacheMode.AUTO, AppBuild.StartupCacheMode.of(null, null, warned::add));
        assertEquals(AppBuild.StartupCacheMode.OFF, AppBuild.StartupCacheMode.of(false, null, warned::add));
        assertEquals(List.of(), warned);
        assertEquals(AppBuild.StartupCacheMode.ON, AppBuild.StartupCacheMode.of(null, true, warned::add));
        assertEquals(AppBuild.StartupCacheMode.OFF, AppBuild.StartupCacheMode.of(false, false, warned::add));
        assertEquals(2, warned.size());
        assertTrue(warned.get(0).contains("-Dgoaws.startupCache=true"), warned.get(0));
        InvalidSettingException both = assertThrows(InvalidSettingException.class,
                () -> AppBuild.StartupCacheMode.of(false, true, warned::add));
        assertEquals("goaws.classDataSharing", both.setting());
        assertTrue(both.getMessage().contains("Set only goaws.startupCache"), both.getMessage());
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
    void theImagesJavaReleasePicksTheCache() throws Exception {
        assertEquals(25, ClassDataTraining.javaFeature(List.of("openjdk version \"25.0.3\" 2026-04-21 LTS",
                "OpenJDK Runtime Environment Temurin-25.0.3+9 (build 25.0.3+9-LTS)")));
        assertEquals(17, ClassDataTraining.javaFeature(List.of("openjdk version \"17.0.15\" 2025-04-15")));
        assertEquals(8, ClassDataTraining.javaFeature(List.of("java version \"1.8.0_452\"")));
        assertThrows(ImageBuildException.class, () -> ClassDataTraining.javaFeature(List.of("exec: java: not found")));

        assertEquals(Optional.of(StartupCache.AOT), StartupCache.forJava(25));
        assertEquals(Optional.of(StartupCache.AOT), StartupCache.forJava(26));
        assertEquals(Optional.of(StartupCache.APP_CDS), StartupCache.forJava(24));
        assertEquals(Optional.of(StartupCache.APP_CDS), StartupCache.forJava(17));
        assertEquals(Optional.empty(), StartupCache.forJava(11));
        assertEquals("-XX:AOTCacheOutput=/goaws-class-data/app.aot",
                StartupCache.AOT.trainingFlag("/goaws-class-data/app.aot"));
        assertEquals("-XX:SharedArchiveFile=/app/app.jsa", StartupCache.APP_CDS.useFlag());
    }

    private AppBuild.Request request(ImageBuilderMode builder, ImageConfig config, AppBuild.StartupCacheMode mode,
            Supplier<Optional<ClassDataTraining.Settings>> training, Supplier<AppInput> app) {
        return new AppBuild.Request(() -> {
            packaged.set(true);
            return app.get();
        }, config, new ImagePublisher.Request(dir.resolve("dist"), builder, null, null, true, null,
                dir.resolve("jib"), null), false, null, dir, () -> null, () -> false, mode, () -> {
                    trainingAsked.set(true);
                    return training.get();
                }, () -> null, Reporter.of(info::add, warnings::add));
    }

    private AppInput app() {
        try {
            Path classes = TestApps.compileMain(dir.resolve("v1"), "hello");
            Path jar = TestApps.shaded(dir.resolve("target/hello-1.0.jar"), classes, List.of(), 0);
            return new AppInput(jar, List.of(), classes, null, null, "mvn package");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void askedForButImpossibleIsRefusedBeforeAnythingIsPackaged() {
        // Docker mode builds at deploy time: refused before an engine is even looked for.
        InvalidSettingException docker = assertThrows(InvalidSettingException.class, () -> AppBuild.run(request(
                ImageBuilderMode.DOCKER, ImageConfig.defaults(8080), AppBuild.StartupCacheMode.ON, Optional::empty,
                () -> null)));
        assertEquals("goaws.startupCache", docker.setting());
        assertTrue(docker.getMessage().contains("Docker builds the image only at deploy time"), docker.getMessage());
        assertFalse(trainingAsked.get(), "a container engine was looked for before the refusal");

        InvalidSettingException noEngine = assertThrows(InvalidSettingException.class, () -> AppBuild.run(request(
                ImageBuilderMode.JIB, ImageConfig.defaults(8080), AppBuild.StartupCacheMode.ON, Optional::empty,
                () -> null)));
        assertEquals("goaws.startupCache", noEngine.setting());
        assertTrue(noEngine.getMessage().contains("no container engine answers"), noEngine.getMessage());
        assertFalse(packaged.get(), "the app was packaged before the refusal");
        assertFalse(Files.exists(dir.resolve("dist")));
    }

    @Test
    void byDefaultABuildWithoutAContainerEngineIsMadeWithoutTheCacheAndSaysSoInOneLine() throws Exception {
        DistLayout layout = AppBuild.run(request(ImageBuilderMode.JIB, ImageConfig.defaults(8080),
                AppBuild.StartupCacheMode.AUTO, Optional::empty, this::app)).orElseThrow().layout();
        assertNull(layout.startupCache());
        assertFalse(String.join(" ", layout.command()).contains("-XX:AOTCache"), layout.command().toString());
        List<String> said = info.stream().filter(l -> l.startsWith("Start-up cache")).toList();
        assertEquals(List.of("Start-up cache: not made, no container engine answers at build time to run the"
                + " training (podman or Docker; goaws.containerEngine); the image starts without it."), said);
        assertEquals(List.of(), warnings);
        assertTrue(Files.isRegularFile(dir.resolve("dist/Dockerfile")));

        // Opted out: nothing is said, no engine looked for.
        info.clear();
        trainingAsked.set(false);
        AppBuild.run(request(ImageBuilderMode.JIB, ImageConfig.defaults(8080), AppBuild.StartupCacheMode.OFF,
                Optional::empty, this::app));
        assertFalse(trainingAsked.get());
        assertTrue(info.stream().noneMatch(l -> l.startsWith("Start-up cache")), info.toString());

        // Docker mode: one line, and the Dockerfile is written as ever.
        info.clear();
        AppBuild.run(request(ImageBuilderMode.DOCKER, ImageConfig.defaults(8080), AppBuild.StartupCacheMode.AUTO,
                Optional::empty, this::app));
        assertEquals(1, info.stream().filter(l -> l.startsWith("Start-up cache: not made, Docker builds")).count(),
                info.toString());
    }

    @Test
    void aBaseImageWhoseDigestCannotBeResolvedGivesNoCacheByDefaultAndFailsWhenAskedFor() throws Exception {
        // An engine that is never run: the base image is pinned first, and nothing answers at that registry (plain
        // HTTP allowed, so Jib does not retry HTTPS for a minute).
        String unreachable = "127.0.0.1:" + Loopback.freePort() + "/jre/temurin:25-jre";
        ImageConfig config = new ImageConfig(unreachable, List.of(), 8080, ImageConfig.DEFAULT_USER);
        ClassDataTraining.Settings training = new ClassDataTraining.Settings(new ContainerEngine("never-run",
                List.of()), List.of("/"), 1, Duration.ofSeconds(1), "us-east-1", "/t", "0.25", 512);

        DistLayout layout = AppBuild.run(request(ImageBuilderMode.JIB, config, AppBuild.StartupCacheMode.AUTO,
                () -> Optional.of(training), this::app)).orElseThrow().layout();
        assertNull(layout.startupCache());
        assertEquals(unreachable, layout.config().baseImage(), "an unpinned base stays as configured");
        List<String> said = info.stream().filter(l -> l.startsWith("Start-up cache")).toList();
        assertEquals(1, said.size(), info.toString());
        assertTrue(said.get(0).startsWith("Start-up cache: not made, the base image's digest could not be resolved"
                + " (Registry unreachable for " + unreachable + " (ConnectException: Connection refused)"), said.get(0));

        ImageBuildException asked = assertThrows(ImageBuildException.class, () -> AppBuild.run(request(
                ImageBuilderMode.JIB, config, AppBuild.StartupCacheMode.ON, () -> Optional.of(training), this::app)));
        assertTrue(asked.getMessage().contains("Registry unreachable"), asked.getMessage());
    }

    @Test
    void aCacheInTheDistIsTheImagesTopLayerAndMappedByTheCommandAndTheDockerfile() throws Exception {
        DistLayout layout = AppPackager.pack(app(), ImageConfig.defaults(8080), dir.resolve("dist"));
        assertNull(DistLayout.read(layout.directory()).startupCache());
        for (StartupCache kind : StartupCache.values()) {
            Files.write(layout.startupCachePath(kind), new byte[] {1, 2, 3});
            DistLayout trained = layout.withStartupCache(kind);
            DistLayout read = DistLayout.read(layout.directory());
            assertEquals(kind, read.startupCache());
            assertEquals(List.of("java", kind.useFlag(), "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                    "-jar", "/app/" + layout.appJar()), read.command());
            assertTrue(Files.readString(layout.directory().resolve("Dockerfile")).contains(kind.useFlag()));
            var layers = JibImageBuilder.layers(trained);
            assertEquals("startup-cache", layers.get(layers.size() - 1).getName());
            assertEquals("/app/" + kind.fileName(),
                    layers.get(layers.size() - 1).getEntries().get(0).getExtractionPath().toString());
            assertTrue(ImagePublisher.contentTag(trained).startsWith("goaws-"));
        }
        assertEquals("-XX:AOTCache=/app/app.aot", StartupCache.AOT.useFlag());

        // A descriptor that names a cache no longer there (a hand-cleaned dist) maps none.
        Files.delete(layout.startupCachePath(StartupCache.AOT));
        assertNull(DistLayout.read(layout.directory()).startupCache());
        // Repackaging (a code change) drops the cache: it belonged to the old jar.
        Files.write(layout.startupCachePath(StartupCache.AOT), new byte[] {1});
        layout.withStartupCache(StartupCache.AOT);
        AppPackager.pack(app(), ImageConfig.defaults(8080), dir.resolve("dist"));
        assertFalse(Files.exists(layout.startupCachePath(StartupCache.AOT)));
        assertNull(DistLayout.read(layout.directory()).startupCache());
    }
}
