package dev.goaws.core.deploy;

import dev.goaws.core.StackKind;
import java.time.Instant;
import java.util.Map;

/** What {@code goaws:status} shows for one stack. {@code status} is null when the stack is not deployed. */
public record StackStatus(StackKind kind, String stackName, String status, Instant lastUpdated,
        Map<String, String> outputs, Map<String, String> parameters) {

    public boolean deployed() {
        return status != null;
    }
}
