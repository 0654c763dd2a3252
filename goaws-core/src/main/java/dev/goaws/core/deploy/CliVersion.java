package dev.goaws.core.deploy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A cdk CLI version such as {@code 2.1148.1}, as {@code cdk --version} prints it. */
public record CliVersion(int major, int minor, int patch) implements Comparable<CliVersion> {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    public static Optional<CliVersion> find(String text) {
        Matcher m = text == null ? null : VERSION.matcher(text);
        if (m == null || !m.find()) {
            return Optional.empty();
        }
        return Optional.of(new CliVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
    }

    public static CliVersion parse(String text) {
        return find(text).orElseThrow(() -> new IllegalArgumentException("not a version: " + text));
    }

    @Override
    public int compareTo(CliVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c == 0 ? Integer.compare(patch, o.patch) : c;
    }

    public boolean atLeast(CliVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
