package dev.goaws.core.image;

import dev.goaws.core.FileTrees;
import dev.goaws.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes the dist directory ({@link DistLayout}): the app as a thin jar + {@code lib/}, its assets, the
 * Dockerfile.
 *
 * <p>Why thin jar + lib/ even when the project builds a shaded jar: an image layer is a unit of upload. In a
 * shaded jar one changed class changes the whole 20+ MB file, so every code change would push all
 * dependencies again. Split, the dependencies are one layer that stays byte-identical (and is skipped by the
 * registry) and the app's own classes are a small top layer. When the dependency jars are known (the Maven
 * project's resolved runtime artifacts), every entry of the input jar that some dependency also has is left
 * out of the app jar, which undoes the shading exactly; relocated classes have new names and stay in. A
 * foreign jar with no dependency list is taken whole (one app layer).
 *
 * <p>Reproducible: the app jar is rewritten with sorted entries and a fixed timestamp (Maven's reproducible
 * convention, 1980-02-01), so rebuilding unchanged code gives a byte-identical jar and the same image digest.
 */
public final class AppPackager {
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);
    /** Manifest attributes that vary between builds or that this packager sets itself. */
    private static final Set<String> DROPPED_ATTRIBUTES = Set.of("Main-Class", "Class-Path", "Created-By",
            "Build-Jdk", "Build-Jdk-Spec", "Built-By", "Multi-Release", "Manifest-Version");

    private AppPackager() {
    }

    public static DistLayout pack(AppInput input, ImageConfig config, Path distDirectory) throws ImageBuildException {
        Path jar = input.jar();
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new ImageBuildException("No app jar at " + jar + ". Run '" + input.packageHint()
                    + "' first, or point goaws.appJar (a jar file) or goaws.appModule (a module of this build) at"
                    + " the app.");
        }
        try {
            List<Path> dependencies = new ArrayList<>(input.dependencies());
            Manifest manifest = manifest(jar);
            if (dependencies.isEmpty()) {
                dependencies.addAll(classPathOf(jar, manifest));
            }
            String mainClass = input.mainClass() != null && !input.mainClass().isBlank() ? input.mainClass().trim()
                    : manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (mainClass == null) {
                throw new ImageBuildException("The jar " + jar + " names no Main-Class in its manifest. Set"
                        + " goaws.mainClass to the class with the main method, e.g. -Dgoaws.mainClass=com.example.App.");
            }
            String mainEntry = mainClass.replace('.', '/') + ".class";
            if (!contains(jar, mainEntry) && !anyContains(dependencies, mainEntry)) {
                throw new ImageBuildException("Main class " + mainClass + " is not in " + jar
                        + (dependencies.isEmpty() ? "" : " nor its dependencies") + ". Check goaws.mainClass"
                        + " (or the jar's Main-Class), and that '" + input.packageHint() + "' ran on current sources.");
            }

            if (Files.isDirectory(distDirectory) && !Files.exists(distDirectory.resolve(DistLayout.DESCRIPTOR))) {
                try (Stream<Path> present = Files.list(distDirectory)) {
                    if (present.findAny().isPresent()) {
                        throw new ImageBuildException("Refusing to replace " + distDirectory + ": it is not empty and"
                                + " was not written by goaws:build-app. Point goaws.imageDirectory at a directory of its own.");
                    }
                }
            }
            FileTrees.deleteRecursively(distDirectory);
            Path appDir = Files.createDirectories(distDirectory.resolve("app"));
            Map<String, Path> libs = libNames(dependencies);
            Set<String> dependencyEntries = new HashSet<>();
            if (!libs.isEmpty()) {
                Path libDir = Files.createDirectories(appDir.resolve("lib"));
                for (Map.Entry<String, Path> lib : libs.entrySet()) {
                    Path target = libDir.resolve(lib.getKey());
                    Files.copy(lib.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setLastModifiedTime(target, FileTime.fromMillis(0));
                    dependencyEntries.addAll(entries(lib.getValue()));
                }
            }
            String appJar = jar.getFileName().toString();
            writeAppJar(jar, manifest, mainClass, new ArrayList<>(libs.keySet()), dependencyEntries,
                    input.ownClasses(), appDir.resolve(appJar));

            boolean assets = input.assets() != null && Files.isDirectory(input.assets());
            if (assets) {
                copyTree(input.assets(), appDir.resolve("assets"));
            }
            DistLayout layout = new DistLayout(distDirectory, appJar, new ArrayList<>(libs.keySet()), assets,
                    mainClass, config);
            Files.writeString(distDirectory.resolve("Dockerfile"), Dockerfile.render(layout), StandardCharsets.UTF_8);
            // The descriptor is for goaws, not for the image.
            Files.writeString(distDirectory.resolve(".dockerignore"), DistLayout.DESCRIPTOR + "\n", StandardCharsets.UTF_8);
            layout.writeDescriptor();
            return layout;
        } catch (IOException e) {
            throw new ImageBuildException("Cannot write " + distDirectory + " from " + jar + ": " + e, e);
        }
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.getManifest();
        }
    }

    /** A plain jar run with {@code java -jar} finds its dependencies through the manifest's Class-Path. */
    private static List<Path> classPathOf(Path jar, Manifest manifest) {
        List<Path> found = new ArrayList<>();
        String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (classPath != null) {
            for (String entry : classPath.trim().split("\\s+")) {
                Path candidate = jar.toAbsolutePath().getParent().resolve(entry).normalize();
                if (entry.endsWith(".jar") && Files.isRegularFile(candidate)) {
                    found.add(candidate);
                }
            }
        }
        return found;
    }

    /** File names in lib/, sorted; a clash of two artifacts' names is settled by a prefix from the path. */
    private static Map<String, Path> libNames(List<Path> dependencies) {
        Map<String, Path> names = new TreeMap<>();
        for (Path dependency : dependencies) {
            String name = dependency.getFileName().toString();
            if (names.containsKey(name)) {
                name = Sha256.hex(dependency.toAbsolutePath().toString()).substring(0, 8) + "-" + name;
            }
            names.put(name, dependency);
        }
        return names;
    }

    private static void writeAppJar(Path source, Manifest original, String mainClass, List<String> libs,
            Set<String> dependencyEntries, Path ownClasses, Path target) throws IOException {
        Map<String, ZipEntry> kept = new TreeMap<>();
        boolean multiRelease = false;
        try (ZipFile zip = new ZipFile(source.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME) || name.equalsIgnoreCase("META-INF/")) {
                    continue;
                }
                boolean own = ownClasses != null && Files.exists(ownClasses.resolve(name));
                if (dependencyEntries.contains(name) && !own) {
                    continue; // comes from a jar in lib/
                }
                kept.put(name, entry);
                multiRelease |= name.startsWith("META-INF/versions/") && !entry.isDirectory();
            }
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.put(new Attributes.Name("Created-By"), "goaws");
            main.put(Attributes.Name.MAIN_CLASS, mainClass);
            if (!libs.isEmpty()) {
                main.put(Attributes.Name.CLASS_PATH, String.join(" ", libs.stream().map(l -> "lib/" + l).toList()));
            }
            if (multiRelease) {
                main.put(Attributes.Name.MULTI_RELEASE, "true");
            }
            if (original != null) {
                Map<String, String> rest = new TreeMap<>();
                original.getMainAttributes().forEach((k, v) -> {
                    if (!DROPPED_ATTRIBUTES.contains(k.toString())) {
                        rest.put(k.toString(), v.toString());
                    }
                });
                rest.forEach((k, v) -> main.put(new Attributes.Name(k), v));
            }
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
                out.putNextEntry(fixed("META-INF/"));
                out.closeEntry();
                out.putNextEntry(fixed(JarFile.MANIFEST_NAME));
                manifest.write(out);
                out.closeEntry();
                for (Map.Entry<String, ZipEntry> entry : kept.entrySet()) {
                    out.putNextEntry(fixed(entry.getKey()));
                    if (!entry.getValue().isDirectory()) {
                        try (InputStream in = zip.getInputStream(entry.getValue())) {
                            in.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
        }
        Files.setLastModifiedTime(target, FileTime.fromMillis(0));
    }

    private static ZipEntry fixed(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(FIXED_TIME);
        return entry;
    }

    private static Set<String> entries(Path jar) throws IOException {
        Set<String> names = new HashSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static boolean contains(Path jar, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        }
    }

    private static boolean anyContains(List<Path> jars, String entry) throws IOException {
        for (Path jar : jars) {
            if (contains(jar, entry)) {
                return true;
            }
        }
        return false;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
