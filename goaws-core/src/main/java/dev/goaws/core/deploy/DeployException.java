package dev.goaws.core.deploy;

import dev.goaws.core.GoawsException;

/** A deploy, destroy or status step cannot go on; the message says what is missing and how to fix it. */
public class DeployException extends GoawsException {
    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
