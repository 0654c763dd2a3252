package dev.goaws.core;

/** A configuration value that goaws refuses before it synthesizes or calls AWS. */
public class InvalidSettingException extends GoawsException {

    /** @param setting the offending setting as a user writes it, the {@code goaws.*} property */
    public InvalidSettingException(String setting, String message) {
        super(setting, message, null);
    }

    @Override
    public String setting() {
        return super.setting();
    }
}
