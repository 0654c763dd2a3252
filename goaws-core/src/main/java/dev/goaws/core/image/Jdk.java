package dev.goaws.core.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JDK on this machine that can {@code jlink} a runtime: its home and the {@code JAVA_VERSION} of its
 * {@code release} file.
 */
public record Jdk(Path home, String version) {
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");
    private static final Pattern FEATURE = Pattern.compile("(?:1\\.)?(\\d+).*");
    /** Where JDKs are installed by package managers and SDK tools, searched in this order after java.home and JAVA_HOME. */
    private static final List<String> INSTALL_ROOTS = List.of("/usr/lib/jvm", "/usr/java", "/opt/java", "/opt/jdk");

    /** The feature release: 25 for {@code 25.0.3}, 8 for {@code 1.8.0_452}. */
    public int feature() {
        Matcher m = FEATURE.matcher(version);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    public Path jlink() {
        return home.resolve("bin").resolve("jlink");
    }

    /** The JDK at {@code home}, when it has a {@code release} file and {@code bin/jlink} (a JRE has none). */
    public static Optional<Jdk> at(Path home) {
        try {
            Path real = home.toRealPath();
            Path release = real.resolve("release");
            if (!Files.isRegularFile(release) || !Files.isExecutable(real.resolve("bin").resolve("jlink"))) {
                return Optional.empty();
            }
            Matcher m = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(new Jdk(real, m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The JDKs found here, each once: the build's own ({@code java.home}), {@code JAVA_HOME}, then those under
     * {@link #INSTALL_ROOTS} and SDKMAN's, Temurin builds first and otherwise by name.
     */
    public static List<Jdk> installed(String javaHome, Map<String, String> environment) {
        List<Path> candidates = new ArrayList<>();
        if (javaHome != null) {
            candidates.add(Path.of(javaHome));
        }
        if (environment.get("JAVA_HOME") != null && !environment.get("JAVA_HOME").isBlank()) {
            candidates.add(Path.of(environment.get("JAVA_HOME")));
        }
        List<String> roots = new ArrayList<>(INSTALL_ROOTS);
        if (environment.get("HOME") != null) {
            roots.add(environment.get("HOME") + "/.sdkman/candidates/java");
        }
        for (String root : roots) {
            try (Stream<Path> children = Files.list(Path.of(root))) {
                children.sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().contains("temurin"))
                        .thenComparing(p -> p.getFileName().toString())).forEach(candidates::add);
            } catch (IOException e) {
                // no such root on this machine
            }
        }
        Map<Path, Jdk> found = new LinkedHashMap<>();
        for (Path candidate : candidates) {
            at(candidate).ifPresent(jdk -> found.putIfAbsent(jdk.home(), jdk));
        }
        return List.copyOf(found.values());
    }

    @Override
    public String toString() {
        return "JDK " + version + " at " + home;
    }
}
