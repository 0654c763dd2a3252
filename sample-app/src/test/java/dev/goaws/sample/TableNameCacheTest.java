package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** The cache against moto's SSM, with a clock the test moves instead of sleeping. */
@Tag("moto")
@Tag("node")
@ExtendWith(LocalAws.Extension.class)
class TableNameCacheTest {

    /** A clock that only moves when told. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void servesTheCachedNameUntilTheTtlRunsOut(LocalAws aws) {
        String parameter = "/table-name-cache-test/ttl";
        aws.putParameter(parameter, "first-table");
        ManualClock clock = new ManualClock();
        TableNameCache cache = new TableNameCache(aws.ssm(), parameter, Duration.ofSeconds(30), clock);
        assertEquals("first-table", cache.tableName());

        aws.putParameter(parameter, "second-table");
        clock.advance(Duration.ofSeconds(29));
        assertEquals("first-table", cache.tableName(), "within the TTL, SSM is not asked again");

        clock.advance(Duration.ofSeconds(1));
        assertEquals("second-table", cache.tableName(), "after the TTL, the new value is read");
    }

    @Test
    void invalidateForcesARead(LocalAws aws) {
        String parameter = "/table-name-cache-test/invalidate";
        aws.putParameter(parameter, "old");
        TableNameCache cache = new TableNameCache(aws.ssm(), parameter, Duration.ofHours(1), new ManualClock());
        assertEquals("old", cache.tableName());
        aws.putParameter(parameter, "new");
        cache.invalidate();
        assertEquals("new", cache.tableName());
    }

    @Test
    void aMissingParameterIsNotCached(LocalAws aws) {
        String parameter = "/table-name-cache-test/late";
        TableNameCache cache = new TableNameCache(aws.ssm(), parameter, Duration.ofHours(1), new ManualClock());
        assertThrows(ParameterNotFoundException.class, cache::tableName);
        aws.putParameter(parameter, "arrived");
        assertEquals("arrived", cache.tableName());
    }
}
