package dev.goaws.core.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A monthly estimate of the synthesized (or deployed) templates in one region: one line per priced item, the
 * items goaws could not price, and the assumptions. Without prices for the region it says so and estimates
 * nothing ({@link #priced()} is false).
 */
public record CostEstimate(String region, PriceTable table, List<Line> lines, List<String> notPriced,
        Assumptions assumptions) {

    /**
     * One priced item of one stack: {@code quantity} × {@code unitPrice} = {@code monthly}.
     *
     * @param quantity how many units a month (hours, GB, GB-months, secret-months)
     * @param unit     what a unit is, e.g. "h", "GB", "vCPU-h"
     */
    public record Line(String stack, String item, double quantity, String unit, double unitPrice) {
        public double monthly() {
            return quantity * unitPrice;
        }

        /** Same stack and item: what a before/after comparison pairs up. */
        String key() {
            return stack + " " + item;
        }
    }

    public CostEstimate {
        lines = List.copyOf(lines);
        notPriced = List.copyOf(notPriced);
    }

    /** False when the price table has no prices for {@link #region()}. */
    public boolean priced() {
        return table.region(region).isPresent();
    }

    /** The monthly total of all lines, in the table's currency. */
    public double total() {
        return lines.stream().mapToDouble(Line::monthly).sum();
    }

    /** Lines for a log: heading, one row per item, total, what was not priced, assumptions. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        if (!priced()) {
            out.add(unpricedRegion());
            return out;
        }
        out.add("Monthly cost estimate for " + region + ", " + table.currency() + ", list prices of " + table.date()
                + ":");
        for (Line line : lines) {
            out.add(String.format(Locale.ROOT, "  %-16s %-40s %10s %-7s x %-9s = %8.2f", line.stack(), line.item(),
                    Assumptions.number(round(line.quantity())), line.unit(), Assumptions.number(line.unitPrice()),
                    line.monthly()));
        }
        out.add(String.format(Locale.ROOT, "  %-16s %-40s %40.2f %s", "total", "", total(), table.currency()));
        notPriced.forEach(item -> out.add("  not priced: " + item));
        out.add("  " + assumptions.describe(table.hoursPerMonth()));
        out.add("  Prices: " + table.source());
        return out;
    }

    String unpricedRegion() {
        return "No cost estimate for region " + region + ": goaws's price table (" + table.date() + ") has prices for "
                + String.join(", ", table.regions().keySet()) + " only, and it does not guess. See the AWS pricing"
                + " pages for " + region + ".";
    }

    private static double round(double quantity) {
        return Math.round(quantity * 10_000) / 10_000.0;
    }
}
