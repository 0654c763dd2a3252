package dev.goaws.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Scans every page of a table (not just the first 1 MB), optionally filtered on {@code itemID}. */
public final class ItemScanner {

    public static final String KEY = "itemID";

    public record Result(String table, List<Map<String, AttributeValue>> items, boolean truncated) {}

    private final Supplier<DynamoDbClient> dynamoDb;

    public ItemScanner(DynamoDbClient dynamoDb) {
        this(() -> dynamoDb);
    }

    /** With a client that may still be in the making ({@link AwsClients}): the first scan waits for it. */
    public ItemScanner(Supplier<DynamoDbClient> dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /**
     * @param query substring that {@code itemID} must contain; blank means every item
     * @param limit most items to return; the scan stops once it has them
     */
    public Result scan(String table, String query, int limit) {
        ScanRequest.Builder request = ScanRequest.builder().tableName(table);
        if (query != null && !query.isBlank()) {
            // Filtering in DynamoDB keeps non-matching items off the wire; pages still cover the whole table.
            request.filterExpression("contains(#id, :q)")
                    .expressionAttributeNames(Map.of("#id", KEY))
                    .expressionAttributeValues(Map.of(":q", AttributeValue.fromS(query)));
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        boolean truncated = false;
        for (ScanResponse page : dynamoDb.get().scanPaginator(request.build())) {
            for (Map<String, AttributeValue> item : page.items()) {
                if (items.size() == limit) {
                    truncated = true;
                    break;
                }
                items.add(item);
            }
            if (truncated) {
                break;
            }
        }
        items.sort(Comparator.comparing(ItemScanner::itemId));
        return new Result(table, items, truncated);
    }

    static String itemId(Map<String, AttributeValue> item) {
        AttributeValue id = item.get(KEY);
        if (id == null) {
            return "";
        }
        return id.s() != null ? id.s() : String.valueOf(id.n());
    }
}
