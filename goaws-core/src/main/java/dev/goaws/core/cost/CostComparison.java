package dev.goaws.core.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a change does to the monthly estimate: {@code before} (e.g. the deployed templates, or none) against
 * {@code after} (the synthesized ones), for a diff to print as one line and the items that changed.
 */
public record CostComparison(CostEstimate before, CostEstimate after) {

    /** The change of the monthly total; 0 when either side has no prices. */
    public double change() {
        return before.priced() && after.priced() ? after.total() - before.total() : 0;
    }

    public List<String> describe() {
        return describe("before -> after");
    }

    /** As {@link #describe()}, naming the two sides, e.g. "deployed -> configured". */
    public List<String> describe(String sides) {
        List<String> out = new ArrayList<>();
        if (!after.priced()) {
            out.add(after.unpricedRegion());
            return out;
        }
        if (!before.priced()) {
            out.add(before.unpricedRegion());
            return out;
        }
        String currency = after.table().currency();
        out.add(String.format(Locale.ROOT, "Monthly cost estimate (%s), %s: %.2f -> %.2f %s (%+.2f %s a month)",
                after.region(), sides, before.total(), after.total(), currency, change(), currency));
        Map<String, double[]> items = new LinkedHashMap<>();
        before.lines().forEach(line -> items.computeIfAbsent(line.key(), k -> new double[2])[0] += line.monthly());
        after.lines().forEach(line -> items.computeIfAbsent(line.key(), k -> new double[2])[1] += line.monthly());
        items.forEach((item, amounts) -> {
            if (Math.abs(amounts[1] - amounts[0]) >= 0.005) {
                out.add(String.format(Locale.ROOT, "  %-56s %8.2f -> %8.2f (%+.2f)", item, amounts[0], amounts[1],
                        amounts[1] - amounts[0]));
            }
        });
        return out;
    }
}
