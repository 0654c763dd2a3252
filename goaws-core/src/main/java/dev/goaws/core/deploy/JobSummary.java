package dev.goaws.core.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code goaws:diff} and {@code goaws:status} append as Markdown to {@code goaws.summaryFile}: in GitHub
 * Actions {@code $GITHUB_STEP_SUMMARY}, shown on the run's page (and a pull request's checks). Appended, never
 * overwritten: several steps write to one summary.
 */
public final class JobSummary {
    private JobSummary() {
    }

    /** The summary of a diff: one row per stack, the widenings called out, then the cost before and after. */
    static List<String> diff(String environment, String stage, List<StackDiff> diffs, List<String> cost) {
        List<String> md = new ArrayList<>();
        md.add("### goaws diff: " + where(environment, stage));
        md.add("");
        md.add("| stack | a deploy would change |");
        md.add("|---|---|");
        for (StackDiff diff : diffs) {
            String summary = diff.summary().substring(diff.stack().length() + 2);
            md.add("| `" + diff.stack() + "` | " + (diff.widens() ? ":warning: " : "") + cell(summary) + " |");
        }
        md.addAll(code(cost));
        return md;
    }

    /** The summary of a status: each stack's state, its outputs, then the monthly cost estimate. */
    static List<String> status(String environment, String stage, List<StackStatus> stacks, List<String> cost) {
        List<String> md = new ArrayList<>();
        md.add("### goaws status: " + where(environment, stage));
        md.add("");
        md.add("| stack | status | last update | outputs |");
        md.add("|---|---|---|---|");
        for (StackStatus stack : stacks) {
            List<String> outputs = new ArrayList<>();
            stack.outputs().forEach((k, v) -> outputs.add(k + ": " + (v.startsWith("http") ? v : "`" + v + "`")));
            md.add("| `" + stack.stackName() + "` | " + (stack.deployed() ? stack.status() : "not deployed") + " | "
                    + (stack.lastUpdated() == null ? "" : stack.lastUpdated()) + " | "
                    + cell(String.join("<br>", outputs)) + " |");
        }
        md.addAll(code(cost));
        return md;
    }

    /** Appends {@code markdown} (and a blank line) to {@code file}; nothing when {@code file} is null. */
    static void append(Path file, List<String> markdown) throws DeployException {
        if (file == null) {
            return;
        }
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, String.join("\n", markdown) + "\n\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new DeployException("Cannot append the summary to " + file + " (goaws.summaryFile): "
                    + e.getMessage(), e);
        }
    }

    private static String where(String environment, String stage) {
        return environment + (stage == null ? "" : ", stage `" + stage + "`");
    }

    private static List<String> code(List<String> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> md = new ArrayList<>(List.of("", "```"));
        md.addAll(lines);
        md.add("```");
        return md;
    }

    /** A table cell: no line breaks or pipes of its own. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
