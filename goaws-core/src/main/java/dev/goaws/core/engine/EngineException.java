package dev.goaws.core.engine;

import dev.goaws.core.GoawsException;

/** The container engine, or a port on the loopback interface, cannot do what goaws asked of it. */
public class EngineException extends GoawsException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
