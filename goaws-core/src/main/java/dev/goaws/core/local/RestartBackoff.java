package dev.goaws.core.local;

import java.time.Duration;

/**
 * How long the local service scheduler waits before it replaces a stopped task. ECS throttles the launches of a
 * service whose tasks keep failing to start; locally the wait doubles with each failed start in a row (a task
 * that stopped without ever passing the health checks) and is capped, so a broken image or jar costs a few
 * attempts a minute instead of a tight loop, and a fixed one is back within the cap.
 */
record RestartBackoff(Duration first, Duration cap) {
    static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    /** The wait after {@code failedStarts} failed starts in a row: first, 2 × first, 4 × first … cap. */
    Duration delay(int failedStarts) {
        Duration delay = first;
        for (int i = 0; i < failedStarts && delay.compareTo(cap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
