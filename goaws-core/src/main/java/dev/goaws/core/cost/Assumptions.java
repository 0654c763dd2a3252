package dev.goaws.core.cost;

import java.util.Locale;

/**
 * The usage an estimate assumes: an idle service at its minimum task count, and a little traffic, logs and data.
 * Everything else in an estimate comes from the templates.
 *
 * @param trafficGb  GB a month through the load balancer, and as much again of the tasks' outbound traffic
 *                   through NAT (image pulls, logs, API calls)
 * @param appLogsGb  GB a month ingested into each of the app's log groups
 * @param flowLogsGb GB a month of VPC flow logs ingested
 * @param tableGb    GB stored in each DynamoDB table
 */
public record Assumptions(double trafficGb, double appLogsGb, double flowLogsGb, double tableGb) {
    /** Idle: 1 GB of each. */
    public static final Assumptions IDLE = new Assumptions(1, 1, 1, 1);

    String describe(int hoursPerMonth) {
        return String.format(Locale.ROOT, "Assumptions: an idle service at its minimum task count, %d hours a month,"
                + " %s GB a month through the load balancer (processed bytes: 1 GB = 1 LCU-hour) and %s GB of the"
                + " tasks' outbound traffic through NAT, %s GB of app logs and %s GB of flow logs ingested, %s GB"
                + " stored in the table. Not included: free tiers, data transfer out (the first 100 GB a month are"
                + " free), log storage, Container Insights metrics, per-request charges (DynamoDB, Secrets Manager,"
                + " SSM), taxes.", hoursPerMonth, number(trafficGb), number(trafficGb), number(appLogsGb),
                number(flowLogsGb), number(tableGb));
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
