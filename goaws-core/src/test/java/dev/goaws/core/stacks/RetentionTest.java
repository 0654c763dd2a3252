package dev.goaws.core.stacks;

import dev.goaws.core.LoggingSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.goaws.core.GoawsSettings;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.logs.RetentionDays;

class RetentionTest {
    @Test
    void everyAcceptedRetentionMapsToItsOwnCdkValue() {
        Set<RetentionDays> mapped = new HashSet<>();
        LoggingSettings.LOG_RETENTION_DAYS.forEach(days -> mapped.add(Retention.of(days)));
        // All finite CloudWatch retentions, each once: the two lists agree.
        assertEquals(LoggingSettings.LOG_RETENTION_DAYS.size(), mapped.size());
        assertEquals(RetentionDays.values().length - 1, mapped.size());
        assertEquals(RetentionDays.ONE_MONTH, Retention.of(30));
        assertEquals(RetentionDays.TEN_YEARS, Retention.of(3653));
    }
}
