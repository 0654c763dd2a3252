package dev.goaws.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three stacks of the architecture, declared in deployment order. */
public enum StackKind {
    VPC("vpc"),
    TABLE("table"),
    CONTAINER("container");

    private final String id;

    StackKind(String id) {
        this.id = id;
    }

    /** Short name used in stack names, goal names and {@code goaws.stacks}. */
    public String id() {
        return id;
    }

    public static StackKind fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidSettingException("goaws.stacks",
                        "Unknown stack '" + id + "'. Allowed: " + allIds() + "."));
    }

    /** The stacks named in a comma-separated {@code goaws.stacks} value; at least one. */
    public static List<StackKind> listOf(String ids) {
        List<StackKind> kinds = new ArrayList<>();
        for (String id : ids == null ? new String[0] : ids.split(",")) {
            if (!id.isBlank()) {
                kinds.add(fromId(id));
            }
        }
        if (kinds.isEmpty()) {
            throw new InvalidSettingException("goaws.stacks", "name at least one of " + allIds() + ".");
        }
        return kinds;
    }

    public static String allIds() {
        return Arrays.stream(values()).map(StackKind::id).collect(Collectors.joining(", "));
    }
}
