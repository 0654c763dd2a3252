package dev.goaws.core.logs;

import dev.goaws.core.GoawsException;

/** The logs cannot be read; the message says why and what to do. */
public class LogsException extends GoawsException {
    public LogsException(String message) {
        super(message);
    }

    public LogsException(String message, Throwable cause) {
        super(message, cause);
    }
}
