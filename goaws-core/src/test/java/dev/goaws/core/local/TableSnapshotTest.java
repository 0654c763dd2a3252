package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The table's items out of one emulated table and into another, every attribute type intact (moto's DynamoDB). */
@WithMoto
class TableSnapshotTest {
    private static DynamoDbClient dynamo;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect(Moto moto) {
        dynamo = moto.session().dynamoDb();
    }

    @AfterAll
    static void disconnect() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    private static void table(String name) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("itemID").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("itemID").attributeType(ScalarAttributeType.S)));
    }

    @Test
    void itemsOfEveryTypeSurviveSaveAndRestoreIntoANewTable() throws Exception {
        table("snapshot-before");
        Map<String, AttributeValue> rich = new HashMap<>();
        rich.put("itemID", AttributeValue.fromS("rich"));
        rich.put("price", AttributeValue.fromN("12.50"));
        rich.put("raw", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")));
        rich.put("on", AttributeValue.fromBool(true));
        rich.put("nothing", AttributeValue.fromNul(true));
        rich.put("tags", AttributeValue.fromSs(List.of("a", "b")));
        rich.put("sizes", AttributeValue.fromNs(List.of("1", "2")));
        rich.put("list", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("3"))));
        rich.put("map", AttributeValue.fromM(Map.of("inner", AttributeValue.fromS("y"))));
        dynamo.putItem(b -> b.tableName("snapshot-before").item(rich));
        for (int i = 0; i < 60; i++) { // more than two BatchWriteItem batches of 25
            String id = "item-" + i;
            dynamo.putItem(b -> b.tableName("snapshot-before").item(Map.of("itemID", AttributeValue.fromS(id))));
        }
        Path file = dir.resolve("local/table-items.json");
        assertEquals(61, TableSnapshot.save(dynamo, "snapshot-before", file));

        table("snapshot-after");
        assertEquals(61, TableSnapshot.restore(dynamo, "snapshot-after", file));
        assertEquals(61, dynamo.scan(b -> b.tableName("snapshot-after")).count());
        Map<String, AttributeValue> back = dynamo.getItem(b -> b.tableName("snapshot-after").key(Map.of("itemID",
                AttributeValue.fromS("rich")))).item();
        assertEquals(rich, back);
    }

    @Test
    void aSaveReplacesTheFileWholeAndKeepsTheOneBefore() throws Exception {
        table("snapshot-generations");
        Path file = dir.resolve("local/table-items.json");
        dynamo.putItem(b -> b.tableName("snapshot-generations").item(Map.of("itemID", AttributeValue.fromS("first"))));
        assertEquals(1, TableSnapshot.save(dynamo, "snapshot-generations", file));
        dynamo.putItem(b -> b.tableName("snapshot-generations").item(Map.of("itemID", AttributeValue.fromS("second"))));
        assertEquals(2, TableSnapshot.save(dynamo, "snapshot-generations", file));

        assertTrue(Files.readString(file).contains("\"second\""));
        Path previous = dir.resolve("local/table-items.previous.json");
        assertTrue(Files.readString(previous).contains("\"first\"") && !Files.readString(previous).contains("second"));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of("table-items.json", "table-items.previous.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no partial file left behind");
        }
    }

    @Test
    void aDamagedNewestFileIsSkippedAndTheOneBeforeIsRestored() throws Exception {
        table("snapshot-damaged");
        Path file = dir.resolve("local/table-items.json");
        dynamo.putItem(b -> b.tableName("snapshot-damaged").item(Map.of("itemID", AttributeValue.fromS("kept"))));
        TableSnapshot.save(dynamo, "snapshot-damaged", file);
        dynamo.putItem(b -> b.tableName("snapshot-damaged").item(Map.of("itemID", AttributeValue.fromS("newer"))));
        TableSnapshot.save(dynamo, "snapshot-damaged", file);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2)); // as a crash in a non-atomic write

        table("snapshot-restored");
        List<String> skipped = new ArrayList<>();
        TableSnapshot.Restored restored = TableSnapshot.restoreNewest(dynamo, "snapshot-restored", file, skipped::add)
                .orElseThrow();
        assertEquals(dir.resolve("local/table-items.previous.json"), restored.file());
        assertEquals(1, restored.items());
        assertEquals(1, skipped.size(), skipped.toString());
        assertTrue(skipped.get(0).startsWith(file + " cannot be read ("), skipped.toString());
        assertEquals(List.of("kept"), dynamo.scan(b -> b.tableName("snapshot-restored")).items().stream()
                .map(i -> i.get("itemID").s()).toList());
    }

    @Test
    void withoutASavedFileNothingIsRestored() throws Exception {
        table("snapshot-empty");
        assertEquals(0, TableSnapshot.restore(dynamo, "snapshot-empty", dir.resolve("none.json")));
    }
}
