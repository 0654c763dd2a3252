package dev.goaws.core.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The list prices goaws estimates with: one dated table per region, bundled as a resource
 * ({@value #RESOURCE}) with its source. Prices change; the date and source go into every estimate.
 */
public record PriceTable(String date, String currency, String source, int hoursPerMonth,
        Map<String, RegionPrices> regions) {
    static final String RESOURCE = "/dev/goaws/core/cost/prices.json";

    /**
     * One region's prices (USD). {@code ec2Hour} is per instance type; a type not listed is not priced.
     */
    public record RegionPrices(double natGatewayHour, double natGatewayGb, Map<String, Double> ec2Hour,
            double ebsGp3GbMonth, double albHour, double albLcuHour, double fargateX86VcpuHour,
            double fargateX86GbHour, double fargateArmVcpuHour, double fargateArmGbHour, double publicIpv4Hour,
            double dynamodbStorageGbMonth, double secretMonth, double logsIngestionGb,
            double vendedLogsIngestionGb, double gatewayEndpointHour) {
    }

    /** The table that ships with goaws. */
    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("goaws is missing its resource " + RESOURCE);
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read goaws's price table " + RESOURCE, e);
        }
    }

    /** Refuses a table with a missing or negative price: an estimate must never silently count 0. */
    static PriceTable parse(JsonNode json) {
        TreeMap<String, RegionPrices> regions = new TreeMap<>();
        json.path("regions").fields().forEachRemaining(entry -> {
            String region = entry.getKey();
            JsonNode p = entry.getValue();
            Map<String, Double> ec2 = new LinkedHashMap<>();
            p.path("ec2Hour").fields().forEachRemaining(t -> ec2.put(t.getKey(), price(region, "ec2Hour." + t.getKey(),
                    t.getValue())));
            regions.put(region, new RegionPrices(price(region, p, "natGatewayHour"), price(region, p, "natGatewayGb"),
                    Map.copyOf(ec2), price(region, p, "ebsGp3GbMonth"), price(region, p, "albHour"),
                    price(region, p, "albLcuHour"), price(region, p, "fargateX86VcpuHour"),
                    price(region, p, "fargateX86GbHour"), price(region, p, "fargateArmVcpuHour"),
                    price(region, p, "fargateArmGbHour"), price(region, p, "publicIpv4Hour"),
                    price(region, p, "dynamodbStorageGbMonth"), price(region, p, "secretMonth"),
                    price(region, p, "logsIngestionGb"), price(region, p, "vendedLogsIngestionGb"),
                    price(region, p, "gatewayEndpointHour")));
        });
        String date = json.path("date").asText("");
        String source = json.path("source").asText("");
        int hours = json.path("hoursPerMonth").asInt(0);
        if (date.isEmpty() || source.isEmpty() || hours <= 0 || regions.isEmpty()) {
            throw new IllegalStateException("The price table needs a date, a source, hoursPerMonth and regions");
        }
        return new PriceTable(date, json.path("currency").asText("USD"), source, hours,
                Collections.unmodifiableSortedMap(regions));
    }

    private static double price(String region, JsonNode prices, String key) {
        return price(region, key, prices.get(key));
    }

    private static double price(String region, String key, JsonNode value) {
        if (value == null || !value.isNumber() || value.asDouble() < 0) {
            throw new IllegalStateException("The price table has no valid " + key + " for " + region);
        }
        return value.asDouble();
    }

    public Optional<RegionPrices> region(String region) {
        return Optional.ofNullable(regions.get(region));
    }
}
