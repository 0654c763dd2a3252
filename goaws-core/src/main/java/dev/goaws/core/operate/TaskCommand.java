package dev.goaws.core.operate;

import dev.goaws.core.InvalidSettingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code goaws.command}, what a one-off task or an exec runs, in one of two forms:
 * <ul>
 * <li><b>exec form</b>, any value with a comma: the words of the command, separated by commas, run without a shell,
 * e.g. {@code java,-cp,/app/app.jar,com.acme.Migrate}; {@code \,} is a comma inside a word, and spaces around each
 * word are dropped. A single word without spaces ({@code migrate}) is the exec form too;</li>
 * <li><b>shell form</b>, a value with spaces and no comma: one shell string, run as {@code sh -c '<value>'}, e.g.
 * {@code ./migrate.sh && echo done}. The image needs a shell ({@code /bin/sh}); a shell string with a comma is
 * written in the exec form, {@code sh,-c,echo a\, b}.</li>
 * </ul>
 * Either replaces the container's command (ECS's command override): the image's entrypoint, if it has one, stays.
 *
 * @param argv the command's words, as the container runs them
 * @param shell whether it came as a shell string
 */
public record TaskCommand(List<String> argv, boolean shell) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smh]?)");

    public TaskCommand {
        argv = List.copyOf(argv);
    }

    /** Parses {@code value} as the setting {@code setting}; null or blank: no command (the container's own). */
    public static TaskCommand parse(String value, String setting) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.contains(",")) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                    word.append(',');
                    i++;
                } else if (c == ',') {
                    words.add(word.toString().trim());
                    word.setLength(0);
                } else {
                    word.append(c);
                }
            }
            words.add(word.toString().trim());
            if (words.stream().anyMatch(String::isEmpty)) {
                throw new InvalidSettingException(setting, "'" + value + "' has an empty word: write the exec form as"
                        + " words separated by single commas, e.g. java,-cp,/app/app.jar,com.acme.Migrate.");
            }
            return new TaskCommand(words, false);
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            return new TaskCommand(List.of("sh", "-c", text), true);
        }
        return new TaskCommand(List.of(text), false);
    }

    /**
     * {@code goaws.timeout}: minutes as a number ({@code 30}), or a number with {@code s}, {@code m} or {@code h}
     * ({@code 90s}, {@code 2h}).
     */
    public static Duration parseTimeout(String value, String setting) {
        Matcher m = DURATION.matcher(value == null ? "" : value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new InvalidSettingException(setting, "'" + value + "' is not a time limit: give minutes (30), or a"
                    + " number with s, m or h (90s, 45m, 2h), more than 0.");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    /** How a time limit reads in a message: {@code 20 s}, {@code 30 min}. */
    public static String describe(Duration duration) {
        return duration.toSecondsPart() != 0 || duration.toMinutes() == 0 ? duration.toSeconds() + " s"
                : duration.toMinutes() + " min";
    }

    /** The command as a shell would show it, for the log. */
    public String display() {
        return shell ? argv.get(2) : String.join(" ", argv);
    }
}
