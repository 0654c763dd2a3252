package dev.goaws.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parses an enum-valued setting the way every goaws setting is parsed: case and surrounding blanks ignored, a
 * blank value meaning the default, and an unknown one refused with the setting's name and every allowed value.
 */
public final class SettingChoice {
    private SettingChoice() {
    }

    /**
     * @param setting     the {@code goaws.*} property, named in the refusal
     * @param what        what a choice is, e.g. {@code a network preset}
     * @param value       what the user wrote
     * @param values      the choices ({@code E.values()})
     * @param id          how the user writes a choice, e.g. {@code nat-instance}
     * @param whenBlank   the choice for a blank or missing value; null: a blank value is refused too
     * @param explanation what the choices mean, appended to the refusal (or empty)
     */
    public static <E extends Enum<E>> E parse(String setting, String what, String value, E[] values, Function<E, String> id,
            E whenBlank, String explanation) {
        String wanted = value == null ? "" : value.trim();
        if (wanted.isEmpty() && whenBlank != null) {
            return whenBlank;
        }
        return Arrays.stream(values).filter(v -> id.apply(v).equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new InvalidSettingException(setting, "'" + value + "' is not " + what
                        + ". Allowed: " + allowed(values, id) + "." + (explanation.isEmpty() ? ""
                        : " " + explanation)));
    }

    /** Choices named by their lower-case enum name with '-' for '_' ({@code NAT_INSTANCE} is {@code nat-instance}). */
    public static String lowerCaseId(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E> String allowed(E[] values, Function<E, String> id) {
        return Arrays.stream(values).map(id).collect(Collectors.joining(", "));
    }
}
