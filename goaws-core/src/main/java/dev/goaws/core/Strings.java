package dev.goaws.core;

/** How goaws reads optional text settings: blank (as Maven passes an empty property) means unset. */
public final class Strings {
    private Strings() {
    }

    /** {@code null} for null or blank, else the value without surrounding white space. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
