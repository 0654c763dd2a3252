package dev.goaws.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.InvalidSettingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * goaws.baseImage=jlink: which JDK is linked, what is refused, and the image itself made for real from the build's
 * JDK (jlink and ldd of this machine; no container engine needed). ContainerLocalCloudIT runs the app on it.
 */
class JlinkBaseImageTest {
    @TempDir
    Path dir;

    /** A directory that looks like a JDK home to {@link Jdk#at}: a release file and an executable bin/jlink. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path jlink = Files.createDirectories(home.resolve("bin")).resolve("jlink");
        Files.writeString(jlink, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(jlink, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void aHostOtherThanLinuxIsRefusedNamingTheSettingAndTheAlternatives() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> JlinkBaseImage.requireLinux("Mac OS X"));
        assertEquals("goaws.baseImage", e.setting());
        assertTrue(e.getMessage().contains("needs a Linux host (this is Mac OS X)"), e.getMessage());
        assertTrue(e.getMessage().contains("tar://"), e.getMessage());
        JlinkBaseImage.requireLinux("Linux");
    }

    @Test
    void theJdkIsTheOneAskedForElseAJdk25ElseTheBuildsOwn() throws IOException {
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        Path jdk25 = fakeJdk("jdk-25", "25.0.3");
        Map<String, String> withJdk25 = Map.of("JAVA_HOME", jdk25.toString());

        assertEquals(jdk25.toRealPath(), JlinkBaseImage.selectJdk(null, null, jdk17.toString(), withJdk25).home());
        assertEquals(jdk17.toRealPath(), JlinkBaseImage.selectJdk(null, 17, jdk17.toString(), withJdk25).home());
        assertEquals(jdk17.toRealPath(), JlinkBaseImage.selectJdk(jdk17, null, jdk25.toString(), withJdk25).home());
        assertEquals(25, JlinkBaseImage.selectJdk(jdk25, 25, null, Map.of()).feature());

        InvalidSettingException notAJdk = assertThrows(InvalidSettingException.class,
                () -> JlinkBaseImage.selectJdk(dir, null, null, Map.of()));
        assertEquals("goaws.jdkHome", notAJdk.setting());
        InvalidSettingException disagree = assertThrows(InvalidSettingException.class,
                () -> JlinkBaseImage.selectJdk(jdk17, 25, null, Map.of()));
        assertEquals("goaws.javaVersion", disagree.setting());
        InvalidSettingException none = assertThrows(InvalidSettingException.class,
                () -> JlinkBaseImage.selectJdk(null, 9, jdk17.toString(), withJdk25));
        assertEquals("goaws.javaVersion", none.setting());
        assertTrue(none.getMessage().contains("JDK 17.0.15 at " + jdk17.toRealPath()), none.getMessage());
    }

    @Test
    void theCacheKeyFollowsTheJdk() throws IOException {
        Path home = fakeJdk("jdk", "17.0.15");
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("lib/modules"), "modules");
        Jdk jdk = Jdk.at(home).orElseThrow();
        String key = JlinkBaseImage.key(jdk);
        assertEquals(key, JlinkBaseImage.key(jdk));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.16\"\n");
        assertNotEquals(key, JlinkBaseImage.key(Jdk.at(home).orElseThrow()), "a patched JDK is linked again");
    }

    @Test
    void theImageHoldsTheLinkedRuntimeItsCdsArchiveAndItsSystemLibrariesAndIsMadeOnce() throws Exception {
        Jdk jdk = Jdk.at(Path.of(System.getProperty("java.home"))).orElseThrow();
        JlinkBaseImage.Settings settings = new JlinkBaseImage.Settings(jdk, dir.resolve("cache"));
        List<String> log = new ArrayList<>();
        Path tar = JlinkBaseImage.image(settings, log::add);
        assertTrue(log.get(0).contains("linking the " + jdk), log.toString());

        Map<String, TarArchiveEntry> files = new HashMap<>();
        Map<String, String> etc = new HashMap<>();
        JsonNode config = null;
        Map<String, byte[]> archive = read(tar);
        JsonNode manifest = new ObjectMapper().readTree(archive.get("manifest.json")).get(0);
        config = new ObjectMapper().readTree(archive.get(manifest.get("Config").asText()));
        assertEquals(1, manifest.get("Layers").size());
        try (TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(
                new ByteArrayInputStream(archive.get(manifest.get("Layers").get(0).asText()))))) {
            for (TarArchiveEntry e; (e = layer.getNextEntry()) != null; ) {
                String name = e.getName().replaceFirst("^/", "").replaceFirst("/$", "");
                files.put(name, e);
                if (name.startsWith("etc/")) {
                    etc.put(name, new String(layer.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(0755, files.get("opt/java/bin/java").getMode() & 0777, "java is executable");
        assertTrue(files.containsKey("opt/java/lib/server/libjvm.so"));
        assertTrue(files.containsKey("opt/java/lib/server/classes.jsa"), "the runtime's own CDS archive");
        assertTrue(files.containsKey("opt/java/lib/security/cacerts"), "TLS trust store");
        assertTrue(files.keySet().stream().anyMatch(f -> f.matches("(usr/)?lib(64)?/.*libc\\.so\\.6")), "glibc");
        assertTrue(files.keySet().stream().anyMatch(f -> f.matches(".*ld-linux.*\\.so\\.2")), "the dynamic loader");
        assertTrue(files.keySet().stream().anyMatch(f -> f.endsWith("libnss_files.so.2")), "name resolution");
        assertEquals(0777, files.get("tmp").getMode() & 0777, "a /tmp every user can write");
        assertTrue(etc.get("etc/passwd").contains(":65532:65532:"), etc.get("etc/passwd"));
        assertTrue(etc.get("etc/hosts").contains("127.0.0.1 localhost"));
        List<String> env = new ArrayList<>();
        config.path("config").path("Env").forEach(v -> env.add(v.asText()));
        assertTrue(env.contains("JAVA_HOME=/opt/java"), env.toString());
        assertTrue(env.contains("JAVA_VERSION=" + jdk.version()), env.toString());
        assertTrue(env.stream().anyMatch(v -> v.startsWith("PATH=/opt/java/bin:")), env.toString());

        log.clear();
        long modified = Files.getLastModifiedTime(tar).toMillis();
        assertEquals(tar, JlinkBaseImage.image(settings, log::add));
        assertEquals(modified, Files.getLastModifiedTime(tar).toMillis(), "made once per JDK");
        assertTrue(log.get(0).endsWith("cached)"), log.toString());
        new ImageConfig(ImageConfig.TAR_PREFIX + tar, List.of(), 8080, ImageConfig.DEFAULT_USER);
    }

    private static Map<String, byte[]> read(Path tar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = archive.getNextEntry()) != null; ) {
                entries.put(e.getName(), archive.readAllBytes());
            }
        }
        return entries;
    }
}
