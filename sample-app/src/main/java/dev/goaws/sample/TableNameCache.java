package dev.goaws.sample;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The table name from SSM, fetched at most once per TTL: the original called SSM on every
 * request, which capped its throughput. Failures are not cached, so a fixed parameter is
 * picked up on the next request.
 */
public final class TableNameCache {

    private record Entry(String tableName, Instant expiresAt) {}

    private final Supplier<SsmClient> ssm;
    private final String parameterName;
    private final Duration ttl;
    private final Clock clock;
    private volatile Entry entry;

    public TableNameCache(SsmClient ssm, String parameterName, Duration ttl, Clock clock) {
        this(() -> ssm, parameterName, ttl, clock);
    }

    /** With a client that may still be in the making ({@link AwsClients}): the first lookup waits for it. */
    public TableNameCache(Supplier<SsmClient> ssm, String parameterName, Duration ttl, Clock clock) {
        this.ssm = ssm;
        this.parameterName = parameterName;
        this.ttl = ttl;
        this.clock = clock;
    }

    public String parameterName() {
        return parameterName;
    }

    /** @throws software.amazon.awssdk.services.ssm.model.ParameterNotFoundException when it is missing */
    public String tableName() {
        Entry current = entry;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.expiresAt())) {
            return current.tableName();
        }
        synchronized (this) {
            current = entry;
            if (current != null && clock.instant().isBefore(current.expiresAt())) {
                return current.tableName();
            }
            String value = ssm.get().getParameter(r -> r.name(parameterName)).parameter().value();
            entry = new Entry(value, clock.instant().plus(ttl));
            return value;
        }
    }

    /** Forget the name, e.g. when the table it names has gone (the parameter may have moved on). */
    public void invalidate() {
        entry = null;
    }
}
