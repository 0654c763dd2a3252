package dev.goaws.core.secrets;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps known secret values out of what goaws prints: the local cloud's task output and {@code goaws:logs}
 * both pass their lines through here. A convenience for the log, not a security boundary.
 */
public final class SecretMasking {
    /** What a secret's value is replaced with. */
    public static final String MASK = "****";

    private SecretMasking() {
    }

    /** {@code out}, with every value in {@code secrets} replaced by {@link #MASK}. */
    public static Consumer<String> masking(Collection<String> secrets, Consumer<String> out) {
        // Values of 8 or more characters: a short user name such as "goaws" would be masked inside every word.
        List<String> values = secrets.stream().filter(s -> s != null && s.length() >= 8).toList();
        return line -> {
            String masked = line;
            for (String value : values) {
                masked = masked.replace(value, MASK);
            }
            out.accept(masked);
        };
    }
}
