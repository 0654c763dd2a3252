package dev.goaws.core.watch;

import dev.goaws.core.GoawsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The regular files under some roots with their size and modification time: two snapshots compared tell what
 * changed. Polling rather than a {@code WatchService}: the JDK's Linux watch service does not follow new
 * subdirectories by itself, and on macOS it polls anyway (every 2-10 s); a walk of a project's sources costs
 * milliseconds.
 */
public final class TreeSnapshot {
    private record FileState(long size, long modifiedNanos) {
    }

    private final Map<Path, FileState> files;

    private TreeSnapshot(Map<Path, FileState> files) {
        this.files = files;
    }

    /** The files under {@code roots} now (a root may be a file, or missing: then it has none). */
    public static TreeSnapshot take(Iterable<Path> roots) {
        Map<Path, FileState> files = new HashMap<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> !ignored(p)).forEach(p -> record(p, files));
            } catch (NoSuchFileException | UncheckedIOException gone) {
                // deleted while walked: the next snapshot sees the tree as it settles
            } catch (IOException e) {
                throw new GoawsException("Cannot read " + root + " to watch it for changes: " + e.getMessage()
                        + ". Fix its permissions, or name other paths with goaws.watchPaths.", e);
            }
        }
        return new TreeSnapshot(files);
    }

    private static void record(Path path, Map<Path, FileState> files) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isRegularFile()) {
                files.put(path, new FileState(attributes.size(), attributes.lastModifiedTime().toInstant()
                        .getEpochSecond() * 1_000_000_000L + attributes.lastModifiedTime().toInstant().getNano()));
            }
        } catch (IOException gone) {
            // deleted between the walk and the read
        }
    }

    /** Editors' swap, backup and lock files (vim, emacs, JetBrains' safe write) are not changes of the sources. */
    static boolean ignored(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return false;
        }
        String n = name.toString();
        return n.endsWith("~") || n.endsWith(".swp") || n.endsWith(".swx") || n.startsWith(".#")
                || n.endsWith("___jb_tmp___") || n.endsWith("___jb_old___");
    }

    /** The files added, removed or modified since {@code earlier}, sorted. */
    public Set<Path> changedSince(TreeSnapshot earlier) {
        Set<Path> changed = new TreeSet<>();
        files.forEach((path, state) -> {
            if (!Objects.equals(earlier.files.get(path), state)) {
                changed.add(path);
            }
        });
        earlier.files.keySet().stream().filter(p -> !files.containsKey(p)).forEach(changed::add);
        return changed;
    }

    public int size() {
        return files.size();
    }
}
