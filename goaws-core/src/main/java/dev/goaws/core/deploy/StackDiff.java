package dev.goaws.core.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code cdk diff} says a deploy would change in one stack: resources added, removed and modified, and the
 * rows of its "IAM Statement Changes" / "IAM Policy Changes" and "Security Group Changes" tables that add access
 * (a {@code +} row widens, a {@code -} row narrows).
 *
 * @param changed anything at all differs (resources, parameters, outputs, metadata, conditions)
 */
public record StackDiff(String stack, int added, int removed, int modified, int iamWidenings,
        int securityGroupWidenings, boolean changed) {

    private static final Pattern STACK = Pattern.compile("^Stack (\\S+)(?: \\((\\S+)\\))?\\s*$");
    private static final Pattern CHANGE = Pattern.compile("^\\[([+\\-~])\\] (\\S+)");
    private static final Pattern ADDED_ROW = Pattern.compile("^[│|]\\s*\\+\\s*[│|]");

    /** A widening of IAM or security groups: the changes a review (or {@code requireApproval}) is for. */
    public boolean widens() {
        return iamWidenings > 0 || securityGroupWidenings > 0;
    }

    /** One line for the log, e.g. {@code goaws-table: 0 to add, 0 to remove, 1 to modify}. */
    public String summary() {
        if (!changed) {
            return stack + ": no changes";
        }
        StringBuilder line = new StringBuilder(stack + ": " + added + " to add, " + removed + " to remove, "
                + modified + " to modify");
        if (added + removed + modified == 0) {
            line.append(" (parameters, outputs or metadata only)");
        }
        List<String> widenings = new ArrayList<>();
        if (iamWidenings > 0) {
            widenings.add(iamWidenings + " IAM statement(s)");
        }
        if (securityGroupWidenings > 0) {
            widenings.add(securityGroupWidenings + " security-group rule(s)");
        }
        if (!widenings.isEmpty()) {
            line.append("; WIDENS ACCESS: ").append(String.join(", ", widenings));
        }
        return line.toString();
    }

    /**
     * Reads the CLI's diff output, stack by stack ({@code Stack <name>} opens each). A stack the output does not
     * mention is absent from the result, so a caller can tell "no changes" from "not diffed".
     */
    public static Map<String, StackDiff> parse(List<String> lines) {
        Map<String, StackDiff> result = new LinkedHashMap<>();
        String stack = null;
        int added = 0;
        int removed = 0;
        int modified = 0;
        int iam = 0;
        int groups = 0;
        boolean changed = false;
        String table = null;
        for (String raw : lines) {
            String line = raw.stripTrailing();
            Matcher header = STACK.matcher(line);
            if (header.matches()) {
                if (stack != null) {
                    result.put(stack, new StackDiff(stack, added, removed, modified, iam, groups, changed));
                }
                stack = header.group(1);
                added = removed = modified = iam = groups = 0;
                changed = false;
                table = null;
                continue;
            }
            if (stack == null) {
                continue;
            }
            if (line.startsWith("IAM Statement Changes") || line.startsWith("IAM Policy Changes")) {
                table = "iam";
                changed = true;
            } else if (line.startsWith("Security Group Changes")) {
                table = "sg";
                changed = true;
            } else if (ADDED_ROW.matcher(line).find()) {
                if ("iam".equals(table)) {
                    iam++;
                } else if ("sg".equals(table)) {
                    groups++;
                }
            } else {
                Matcher change = CHANGE.matcher(line);
                if (change.find()) {
                    changed = true;
                    table = null;
                    if (change.group(2).contains("::")) {
                        switch (change.group(1)) {
                            case "+" -> added++;
                            case "-" -> removed++;
                            default -> modified++;
                        }
                    }
                }
            }
        }
        if (stack != null) {
            result.put(stack, new StackDiff(stack, added, removed, modified, iam, groups, changed));
        }
        return result;
    }
}
