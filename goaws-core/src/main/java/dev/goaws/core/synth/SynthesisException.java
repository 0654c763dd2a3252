package dev.goaws.core.synth;

import dev.goaws.core.GoawsException;

/** Synthesis could not produce an assembly that is safe to deploy; the message says what to do. */
public class SynthesisException extends GoawsException {
    public SynthesisException(String message) {
        super(message);
    }

    public SynthesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
