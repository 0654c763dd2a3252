package dev.goaws.core.operate;

import dev.goaws.core.GoawsException;

/**
 * A one-off task, a rollback or an exec did not do what was asked (the task failed or never started, there is
 * nothing to roll back to, no local cloud runs); the message says what happened and what to do.
 */
public class OperateException extends GoawsException {
    public OperateException(String message) {
        super(message);
    }

    public OperateException(String message, Throwable cause) {
        super(message, cause);
    }
}
