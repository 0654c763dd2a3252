package dev.goaws.core.ci;

import dev.goaws.core.GoawsException;
import dev.goaws.core.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workflow file on disk. goaws writes a checksum of what it wrote into the file's header, so it can tell a file
 * it may replace (unchanged since it wrote it) from one a person has edited, which it replaces only when forced.
 * Writing the same text again does not touch the file.
 */
public final class WorkflowFile {
    /** The property that lets goaws overwrite an edited workflow. */
    public static final String FORCE = "goaws.force";
    private static final Pattern CHECKSUM = Pattern.compile("(?m)^# goaws-checksum: sha256:([0-9a-f]{64})\\n");

    /** What {@link #write} did. */
    public enum Outcome {
        /** There was no file. */
        CREATED,
        /** The file held exactly this text: not written. */
        UNCHANGED,
        /** goaws's earlier text, unedited, replaced by the new one. */
        UPDATED,
        /** An edited file (or one goaws did not write) replaced because goaws.force was set. */
        REPLACED_EDITED
    }

    private WorkflowFile() {
    }

    /** The full file for {@code body}: a header saying who wrote it, its checksum, then the body. */
    public static String withHeader(String body, String pluginVersion) {
        return "# Written by goaws:pipeline (dev.goaws:goaws-maven-plugin " + pluginVersion + "). It rewrites this"
                + " file when its settings change,\n# but refuses to overwrite it once it was edited"
                + " (-D" + FORCE + "=true replaces an edited file).\n"
                + "# goaws-checksum: sha256:" + checksum(body) + "\n" + body;
    }

    /**
     * Writes {@code content} (from {@link #withHeader}) to {@code file}: unless the file already holds it, and,
     * without {@code force}, only if the file is absent or unedited since goaws wrote it.
     *
     * @throws GoawsException for an edited file without {@code force}; the file is left as it is
     */
    public static Outcome write(Path file, String content, boolean force) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return Outcome.CREATED;
        }
        String existing = Files.readString(file, StandardCharsets.UTF_8);
        if (existing.equals(content)) {
            return Outcome.UNCHANGED;
        }
        boolean edited = !writtenByGoawsUnedited(existing);
        if (edited && !force) {
            throw new GoawsException(file + " was changed since goaws:pipeline wrote it (or goaws did not write it):"
                    + " not overwritten. Keep your edits, or replace the file with -D" + FORCE + "=true (review the"
                    + " difference with git diff afterwards).");
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return edited ? Outcome.REPLACED_EDITED : Outcome.UPDATED;
    }

    /** True when {@code text} carries goaws's checksum and what follows it still matches. */
    static boolean writtenByGoawsUnedited(String text) {
        Matcher m = CHECKSUM.matcher(text);
        return m.find() && m.group(1).equals(checksum(text.substring(m.end())));
    }

    private static String checksum(String body) {
        return Sha256.hex(body);
    }

    /** The checksum line's value, for tests and messages. */
    static Optional<String> recordedChecksum(String text) {
        Matcher m = CHECKSUM.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
