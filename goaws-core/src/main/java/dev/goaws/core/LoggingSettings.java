package dev.goaws.core;

import java.util.List;

/**
 * What is logged and for how long: the app's log group and the VPC's flow logs. Validates itself on creation.
 *
 * @param logRetentionDays {@code goaws.logRetentionDays}
 * @param flowLogs         {@code goaws.flowLogs}
 */
public record LoggingSettings(int logRetentionDays, boolean flowLogs) {
    /** The retention periods (days) CloudWatch Logs accepts, in ascending order. */
    public static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180,
            365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;
    public static final boolean DEFAULT_FLOW_LOGS = true;
    public static final LoggingSettings DEFAULTS = new LoggingSettings(DEFAULT_LOG_RETENTION_DAYS, DEFAULT_FLOW_LOGS);

    public LoggingSettings {
        Settings.require("goaws.logRetentionDays", LOG_RETENTION_DAYS.contains(logRetentionDays),
                "logRetentionDays=" + logRetentionDays + " is not a retention CloudWatch Logs accepts. Allowed: "
                        + LOG_RETENTION_DAYS + ".");
    }
}
