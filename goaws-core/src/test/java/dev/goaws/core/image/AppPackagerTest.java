package dev.goaws.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPackagerTest {
    @TempDir
    Path dir;
    Path classes;
    Path depA;
    Path depB;
    Path shaded;

    @BeforeEach
    void app() throws Exception {
        classes = TestApps.compileMain(dir.resolve("v1"), "hello v1");
        depA = TestApps.dependency(dir.resolve("repo/a/dep-a-1.0.jar"), Map.of("org/a/A.class", "a",
                "META-INF/services/org.a.Spi", "org.a.Impl\n"));
        depB = TestApps.dependency(dir.resolve("repo/b/dep-b-2.0.jar"), Map.of("org/b/B.class", "b"));
        shaded = TestApps.shaded(dir.resolve("target/hello-1.0.jar"), classes, List.of(depA, depB), 1_000_000L);
    }

    private DistLayout pack(Path jar, List<Path> deps, Path assets) throws ImageBuildException {
        return AppPackager.pack(new AppInput(jar, deps, classes, null, assets, "mvn package"),
                ImageConfig.defaults(8080), dir.resolve("dist"));
    }

    @Test
    void splitsAShadedJarIntoTheAppsOwnClassesAndLib() throws Exception {
        Path assets = Files.createDirectories(dir.resolve("assets/css"));
        Files.writeString(assets.resolve("app.css"), "body{}");
        DistLayout layout = pack(shaded, List.of(depA, depB), dir.resolve("assets"));

        assertEquals(List.of("dep-a-1.0.jar", "dep-b-2.0.jar"), layout.libs());
        assertEquals(TestApps.MAIN, layout.mainClass());
        assertArrayEquals(Files.readAllBytes(depA), Files.readAllBytes(layout.libDirectory().resolve("dep-a-1.0.jar")));
        assertTrue(Files.isRegularFile(layout.assetsDirectory().resolve("css/app.css")));
        try (JarFile jar = new JarFile(layout.appJarPath().toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("META-INF/", "META-INF/MANIFEST.MF", "com/example/hello/Main.class"), names);
            var main = jar.getManifest().getMainAttributes();
            assertEquals(TestApps.MAIN, main.getValue("Main-Class"));
            assertEquals("lib/dep-a-1.0.jar lib/dep-b-2.0.jar", main.getValue("Class-Path"));
            assertEquals(null, main.getValue("Build-Jdk-Spec"), "build-specific attributes are dropped");
        }
        assertEquals(layout, DistLayout.read(layout.directory()));
        assertEquals(DistLayout.DESCRIPTOR + "\n", Files.readString(layout.directory().resolve(".dockerignore")));
    }

    @Test
    void theAppJarIsByteIdenticalWhenOnlyTimestampsDiffer() throws Exception {
        byte[] first = Files.readAllBytes(pack(shaded, List.of(depA, depB), null).appJarPath());
        Path rebuilt = TestApps.shaded(dir.resolve("target2/hello-1.0.jar"), classes, List.of(depA, depB), 9_999_999_000L);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(shaded), Files.readAllBytes(rebuilt)));
        byte[] second = Files.readAllBytes(pack(rebuilt, List.of(depA, depB), null).appJarPath());
        assertArrayEquals(first, second);
    }

    @Test
    void aForeignJarWithoutDependencyListIsTakenWhole() throws Exception {
        DistLayout layout = pack(shaded, List.of(), null);
        assertEquals(List.of(), layout.libs());
        try (JarFile jar = new JarFile(layout.appJarPath().toFile())) {
            assertTrue(jar.getEntry("org/a/A.class") != null && jar.getEntry("org/b/B.class") != null);
            assertEquals(null, jar.getManifest().getMainAttributes().getValue("Class-Path"));
        }
        assertFalse(Files.readString(layout.directory().resolve("Dockerfile")).contains("lib/"));
    }

    @Test
    void aMissingJarSaysWhichCommandToRun() {
        ImageBuildException e = assertThrows(ImageBuildException.class,
                () -> AppPackager.pack(new AppInput(dir.resolve("target/nope.jar"), List.of(), null, null, null,
                        "mvn -pl sample-app -am package"), ImageConfig.defaults(8080), dir.resolve("dist")));
        assertTrue(e.getMessage().contains("No app jar at " + dir.resolve("target/nope.jar")), e.getMessage());
        assertTrue(e.getMessage().contains("Run 'mvn -pl sample-app -am package' first"), e.getMessage());
        assertTrue(e.getMessage().contains("goaws.appJar") && e.getMessage().contains("goaws.appModule"));
        assertFalse(Files.exists(dir.resolve("dist")));
    }

    @Test
    void aMainClassThatIsNotInTheJarIsRefusedNamingTheParameter() {
        ImageBuildException e = assertThrows(ImageBuildException.class,
                () -> AppPackager.pack(new AppInput(shaded, List.of(depA), classes, "com.example.Missing", null,
                        "mvn package"), ImageConfig.defaults(8080), dir.resolve("dist")));
        assertTrue(e.getMessage().contains("Main class com.example.Missing is not in"), e.getMessage());
        assertTrue(e.getMessage().contains("goaws.mainClass"), e.getMessage());
    }

    @Test
    void aJarWithoutMainClassAsksForOne() throws Exception {
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> pack(depA, List.of(), null));
        assertTrue(e.getMessage().contains("names no Main-Class") && e.getMessage().contains("-Dgoaws.mainClass="),
                e.getMessage());
    }

    @Test
    void neverWipesADirectoryItDidNotWrite() throws Exception {
        Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dir.resolve("dist/precious.txt"), "keep");
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> pack(shaded, List.of(), null));
        assertTrue(e.getMessage().contains("goaws.imageDirectory"), e.getMessage());
        assertEquals("keep", Files.readString(dir.resolve("dist/precious.txt")));
    }

    @Test
    void invalidImageSettingsNameTheirParameter() {
        assertEquals("goaws.baseImage", assertThrows(InvalidSettingException.class,
                () -> new ImageConfig("not an image", ImageConfig.DEFAULT_JVM_FLAGS, 8080, "65532")).setting());
        assertEquals("goaws.jvmFlags", assertThrows(InvalidSettingException.class,
                () -> new ImageConfig(ImageConfig.DEFAULT_BASE_IMAGE, List.of("-Xmx1g\"; rm -rf /"), 8080, "65532")).setting());
        assertEquals("goaws.imageUser", assertThrows(InvalidSettingException.class,
                () -> new ImageConfig(ImageConfig.DEFAULT_BASE_IMAGE, List.of(), 8080, "0")).setting());
        assertEquals("goaws.imageUser", assertThrows(InvalidSettingException.class,
                () -> new ImageConfig(ImageConfig.DEFAULT_BASE_IMAGE, List.of(), 8080, "root")).setting());
        assertEquals("goaws.containerPort", assertThrows(InvalidSettingException.class,
                () -> ImageConfig.defaults(70000)).setting());
    }
}
