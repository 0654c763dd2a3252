package dev.goaws.core.local;

/** The local AWS emulator (or something started for the local cloud) could not be brought up. */
public class LocalAwsException extends Exception {
    public LocalAwsException(String message) {
        super(message);
    }

    public LocalAwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
