package dev.goaws.core.synth;

/** Synthesis could not produce an assembly that is safe to deploy; the message says what to do. */
public class SynthesisException extends Exception {
    public SynthesisException(String message) {
        super(message);
    }

    public SynthesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
