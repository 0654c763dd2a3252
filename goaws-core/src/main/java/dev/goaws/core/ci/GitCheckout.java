package dev.goaws.core.ci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The git working tree a project lives in, read from the files git keeps (no git executable needed): its root and
 * the URL of its remote {@code origin}. A worktree's or submodule's {@code .git} file is followed to its git
 * directory, and a worktree's configuration is the main repository's.
 */
public final class GitCheckout {
    private final Path root;
    private final Path gitDirectory;

    private GitCheckout(Path root, Path gitDirectory) {
        this.root = root;
        this.gitDirectory = gitDirectory;
    }

    /** The working tree that contains {@code directory}: the nearest directory upwards with a {@code .git}. */
    public static Optional<GitCheckout> containing(Path directory) throws IOException {
        for (Path dir = directory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path dotGit = dir.resolve(".git");
            if (Files.isDirectory(dotGit)) {
                return Optional.of(new GitCheckout(dir, dotGit));
            }
            if (Files.isRegularFile(dotGit)) {
                String line = Files.readString(dotGit).strip();
                if (line.startsWith("gitdir:")) {
                    return Optional.of(new GitCheckout(dir, dir.resolve(line.substring(7).trim()).normalize()));
                }
            }
        }
        return Optional.empty();
    }

    /** The working tree's top directory, where {@code .github/workflows} belongs. */
    public Path root() {
        return root;
    }

    /** {@code remote.origin.url} of the repository's configuration, if there is such a remote. */
    public Optional<String> originUrl() throws IOException {
        Path config = commonDirectory().resolve("config");
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        return remoteUrl(Files.readAllLines(config), "origin");
    }

    private Path commonDirectory() throws IOException {
        Path commondir = gitDirectory.resolve("commondir");
        return Files.isRegularFile(commondir)
                ? gitDirectory.resolve(Files.readString(commondir).strip()).normalize()
                : gitDirectory;
    }

    /** The {@code url} of {@code [remote "<remote>"]} in git's config format (section names are case-insensitive). */
    static Optional<String> remoteUrl(List<String> configLines, String remote) {
        boolean inSection = false;
        for (String raw : configLines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                String header = line.substring(1, Math.max(1, line.indexOf(']'))).strip();
                inSection = header.equalsIgnoreCase("remote \"" + remote + "\"");
                continue;
            }
            int eq = line.indexOf('=');
            if (inSection && eq > 0 && line.substring(0, eq).strip().equalsIgnoreCase("url")) {
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
