package dev.goaws.core;

/** Where the core reports progress: the Maven log in the plugin, anything in tests. */
public interface Reporter {
    void info(String line);

    void warn(String line);
}
