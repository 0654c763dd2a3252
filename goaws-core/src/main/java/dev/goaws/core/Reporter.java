package dev.goaws.core;

import java.util.function.Consumer;

/** Where the core reports progress: the Maven log in the plugin, anything in tests. */
public interface Reporter {
    void info(String line);

    void warn(String line);

    /** A reporter from two line sinks, e.g. {@code Reporter.of(log::info, log::warn)}. */
    static Reporter of(Consumer<String> info, Consumer<String> warn) {
        return new Reporter() {
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
