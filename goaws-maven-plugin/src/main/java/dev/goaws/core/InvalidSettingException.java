package dev.goaws.core;

/** A configuration value that goaws refuses before it synthesizes or calls AWS. */
public class InvalidSettingException extends RuntimeException {
    private final String setting;

    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The name of the offending setting, as a user writes it (the {@code goaws.*} property). */
    public String setting() {
        return setting;
    }
}
