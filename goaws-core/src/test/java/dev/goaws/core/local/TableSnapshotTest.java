package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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
    void withoutASavedFileNothingIsRestored() throws Exception {
        table("snapshot-empty");
        assertEquals(0, TableSnapshot.restore(dynamo, "snapshot-empty", dir.resolve("none.json")));
    }
}
