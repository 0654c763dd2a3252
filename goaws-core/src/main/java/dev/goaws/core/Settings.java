package dev.goaws.core;

/** The one check behind every settings group: a refusal names the {@code goaws.*} property and the fix. */
final class Settings {
    private Settings() {
    }

    static void require(String setting, boolean ok, String message) {
        if (!ok) {
            throw new InvalidSettingException(setting, message);
        }
    }
}
