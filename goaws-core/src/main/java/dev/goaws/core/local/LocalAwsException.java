package dev.goaws.core.local;

import dev.goaws.core.GoawsException;

/** The local AWS emulator (or something started for the local cloud) could not be brought up. */
public class LocalAwsException extends GoawsException {
    public LocalAwsException(String message) {
        super(message);
    }

    public LocalAwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
