package dev.goaws.core.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Writes sample items into the table, so the local app has something to show. */
public final class TableSeeder {
    private static final int BATCH = 25;

    private TableSeeder() {
    }

    /** Writes {@code count} items {@code item-0001…} with a name and a price; returns how many were written. */
    public static int seed(DynamoDbClient dynamo, String table, String partitionKey, int count) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                    partitionKey, AttributeValue.fromS(String.format("item-%04d", i)),
                    "name", AttributeValue.fromS("Sample item " + i),
                    "price", AttributeValue.fromN(Integer.toString(100 + i)))).build()).build());
            if (batch.size() == BATCH || i == count) {
                write(dynamo, table, batch);
                batch = new ArrayList<>();
            }
        }
        return count;
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            // Unprocessed items are retried until the table took them all.
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        }
    }
}
