package dev.goaws.core.deploy;

/** A deploy, destroy or status step cannot go on; the message says what is missing and how to fix it. */
public class DeployException extends Exception {
    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
