package dev.goaws.core;

import java.util.function.Consumer;

/** Where the core reports progress: the Maven log in the plugin, anything in tests. */
public interface Reporter {
    void info(String line);

    void warn(String line);

    /** Something broke that the user must know at once (the build will fail); a warning without an error level. */
    default void error(String line) {
        warn(line);
    }

    /** A reporter from two line sinks, e.g. {@code Reporter.of(log::info, log::warn)}. */
    static Reporter of(Consumer<String> info, Consumer<String> warn) {
        return of(info, warn, warn);
    }

    /** A reporter from three line sinks, e.g. {@code Reporter.of(log::info, log::warn, log::error)}. */
    static Reporter of(Consumer<String> info, Consumer<String> warn, Consumer<String> error) {
        return new Reporter() {
            @Override
            public void error(String line) {
                error.accept(line);
            }

            @Override
            public void info(String line) {
                info.accept(line);
            }

            @Override
            public void warn(String line) {
                warn.accept(line);
            }
        };
    }
}
