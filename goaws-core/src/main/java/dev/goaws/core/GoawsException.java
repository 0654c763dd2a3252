package dev.goaws.core;

/**
 * The one family of goaws failures: every core entry point throws a subtype whose message says what is wrong
 * and how to fix it; the Maven layer turns it into a build failure in one place. It may name the setting at
 * fault ({@code goaws.*}), so the failure can point at the parameter to change.
 *
 * <p>Unchecked, so that records (settings, image references) can refuse bad values in their constructors; the
 * core entry points still declare the subtypes they throw.
 */
public class GoawsException extends RuntimeException {
    private final String setting;

    public GoawsException(String message) {
        this(null, message, null);
    }

    public GoawsException(String message, Throwable cause) {
        this(null, message, cause);
    }

    protected GoawsException(String setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** The {@code goaws.*} property of the setting at fault, or null when no single setting is. */
    public String setting() {
        return setting;
    }
}
