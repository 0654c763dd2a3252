package dev.goaws.core.secrets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a task's secret values with {@code ****} in the lines goaws shows or keeps: each value of 8 or more
 * characters as it is, URL-encoded (form and percent forms, upper- or lower-case hex), JSON-escaped (also with
 * {@code \/} and {@code \}{@code uXXXX} for non-ASCII) and Base64-encoded (standard and URL-safe),
 * and the Base64 of {@code user:password} for every other secret value as the user (what a logged Basic
 * {@code Authorization} header carries; the user name may be short, the password may not).
 *
 * <p>A convenience against accidental logging, not a boundary: a value transformed any other way (hashed, split
 * over lines, encoded twice) still shows, and so does a secret shorter than 8 characters, which would otherwise be
 * masked inside ordinary words (a user name such as {@code goaws} in {@code goaws-table-1}).
 */
public final class SecretMask implements UnaryOperator<String> {
    public static final String MASK = "****";
    /** Shorter values are not masked on their own. */
    public static final int MIN_LENGTH = 8;
    /** Masks nothing. */
    public static final SecretMask NONE = new SecretMask(List.of());
    private static final Pattern PERCENT_HEX = Pattern.compile("%[0-9A-F]{2}");

    /** Every form to replace, longest first: a form that contains another is replaced whole. */
    private final List<String> forms;

    private SecretMask(List<String> forms) {
        this.forms = forms;
    }

    /** A mask of {@code secrets} (null values are ignored). */
    public static SecretMask of(Collection<String> secrets) {
        List<String> values = secrets.stream().filter(Objects::nonNull).filter(s -> !s.isEmpty()).distinct().toList();
        Set<String> forms = new LinkedHashSet<>();
        for (String value : values) {
            // Output arrives one line at a time: a value of several lines (a PEM key) is masked in each line.
            for (String line : value.split("\\R")) {
                if (!line.equals(value) && line.strip().length() >= MIN_LENGTH) {
                    forms.addAll(encodings(line.strip()));
                }
            }
            if (value.length() < MIN_LENGTH) {
                continue;
            }
            forms.addAll(encodings(value));
            for (String user : values) {
                if (!user.equals(value)) {
                    forms.addAll(base64(user + ":" + value));
                }
            }
        }
        return new SecretMask(forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    private static Set<String> encodings(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        forms.add(form);
        String percent = form.replace("+", "%20");
        forms.add(percent);
        Matcher hex = PERCENT_HEX.matcher(percent);
        forms.add(hex.replaceAll(m -> m.group().toLowerCase(Locale.ROOT)));
        String json = new String(JsonStringEncoder.getInstance().quoteAsString(value));
        forms.add(json);
        forms.add(json.replace("/", "\\/"));
        for (String hexFormat : List.of("\\u%04x", "\\u%04X")) {
            StringBuilder ascii = new StringBuilder();
            json.chars().forEach(c -> ascii.append(c < 0x80 ? Character.toString(c) : String.format(hexFormat, c)));
            forms.add(ascii.toString());
        }
        forms.addAll(base64(value));
        return forms;
    }

    /** Standard and URL-safe Base64, without padding (so the padded form is masked too, its padding left). */
    private static List<String> base64(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return List.of(Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Override
    public String apply(String line) {
        String masked = line;
        for (String form : forms) {
            masked = masked.replace(form, MASK);
        }
        return masked;
    }

    /** {@code out}, receiving every line masked. */
    public Consumer<String> masking(Consumer<String> out) {
        return forms.isEmpty() ? out : line -> out.accept(apply(line));
    }
}
