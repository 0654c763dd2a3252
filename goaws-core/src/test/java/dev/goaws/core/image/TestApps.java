package dev.goaws.core.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds real little apps for the tests: compiled with javac, jarred like Maven and the shade plugin do. */
final class TestApps {
    static final String MAIN = "com.example.hello.Main";

    private TestApps() {
    }

    /** Compiles a Main that prints {@code greeting} (and serves nothing): the app's own code. */
    static Path compileMain(Path dir, String greeting) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/com/example/hello"));
        Path java = Files.writeString(src.resolve("Main.java"), "package com.example.hello;\n"
                + "public class Main { public static void main(String[] a) { System.out.println(\"" + greeting + "\"); } }\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(), java.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + rc);
        }
        return classes;
    }

    /** A dependency jar holding {@code entries} (name to content). */
    static Path dependency(Path file, Map<String, String> entries) throws IOException {
        Map<String, byte[]> bytes = new TreeMap<>();
        entries.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return jar(file, null, bytes, 0);
    }

    /**
     * A shaded jar: the app's classes plus every entry of {@code dependencies}, Main-Class in the manifest.
     * {@code time} is the entry timestamp, to show that rebuilding with other times changes nothing.
     */
    static Path shaded(Path file, Path classes, List<Path> dependencies, long time) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                entries.put(classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        for (Path dependency : dependencies) {
            try (var zip = new java.util.zip.ZipFile(dependency.toFile())) {
                for (var entry : java.util.Collections.list(zip.entries())) {
                    if (!entry.isDirectory() && !entry.getName().startsWith("META-INF/MANIFEST")) {
                        entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
                    }
                }
            }
        }
        return jar(file, MAIN, entries, time);
    }

    private static Path jar(Path file, String mainClass, Map<String, byte[]> entries, long time) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Build-Jdk-Spec"), "17");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file); JarOutputStream out = new JarOutputStream(os, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                JarEntry jarEntry = new JarEntry(entry.getKey());
                jarEntry.setLastModifiedTime(FileTime.fromMillis(time));
                out.putNextEntry(jarEntry);
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return file;
    }
}
