package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The table saved while goaws:up runs: only when it changed (moto's change count through goaws's launcher, or the
 * items themselves without one), and on its own every interval. Real moto, shared with the other moto tests
 * (its change count is global: the tests compare counts before and after, and the classes run one at a time).
 */
@WithMoto
class TableSnapshotterTest {
    private static Moto moto;
    private static DynamoDbClient dynamo;

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect(Moto shared) {
        moto = shared;
        dynamo = shared.session().dynamoDb();
    }

    @AfterAll
    static void disconnect() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @Test
    void theLauncherCountsTheRequestsThatMayChangeDataAndNoReads() {
        table("snapshotter-counted");
        long before = moto.dynamoDbChanges().orElseThrow();
        dynamo.scan(b -> b.tableName("snapshotter-counted"));
        dynamo.getItem(b -> b.tableName("snapshotter-counted").key(Map.of("itemID", AttributeValue.fromS("none"))));
        dynamo.describeTable(b -> b.tableName("snapshotter-counted"));
        assertEquals(before, moto.dynamoDbChanges().orElseThrow(), "reads counted as changes");
        put("snapshotter-counted", "one");
        dynamo.deleteItem(b -> b.tableName("snapshotter-counted").key(Map.of("itemID", AttributeValue.fromS("one"))));
        assertEquals(before + 2, moto.dynamoDbChanges().orElseThrow());
    }

    @Test
    void withTheChangeCountItScansAndWritesOnlyAfterAChange() throws Exception {
        table("snapshotter-probed");
        put("snapshotter-probed", "a");
        Path file = dir.resolve("table-items.json");
        try (TableSnapshotter snapshotter = snapshotter("snapshotter-probed", file, moto::dynamoDbChanges)) {
            LocalState.Snapshot first = snapshotter.saveIfChanged();
            assertEquals(1, first.items());
            dynamo.scan(b -> b.tableName("snapshotter-probed")); // the app reading: no change
            assertSame(first, snapshotter.saveIfChanged(), "saved again without a change");

            put("snapshotter-probed", "b");
            LocalState.Snapshot second = snapshotter.saveIfChanged();
            assertEquals(2, second.items());
            assertTrue(Files.readString(file).contains("\"b\""));
        }
    }

    @Test
    void withoutAChangeCountItWritesOnlyWhenTheItemsDiffer() throws Exception {
        table("snapshotter-compared");
        put("snapshotter-compared", "a");
        Path file = dir.resolve("table-items.json");
        try (TableSnapshotter snapshotter = snapshotter("snapshotter-compared", file, OptionalLong::empty)) {
            LocalState.Snapshot first = snapshotter.saveIfChanged();
            put("snapshotter-compared", "a"); // the same item again: a write, but no change
            assertSame(first, snapshotter.saveIfChanged(), "written again with the same items");
            put("snapshotter-compared", "c");
            assertNotEquals(first, snapshotter.saveIfChanged());
            assertEquals(2, snapshotter.last().items());
        }
    }

    @Test
    void itSavesOnItsOwnEveryIntervalWhileItRuns() throws Exception {
        table("snapshotter-periodic");
        Path file = dir.resolve("table-items.json");
        List<LocalState.Snapshot> saves = new CopyOnWriteArrayList<>();
        try (TableSnapshotter snapshotter = TableSnapshotter.start(dynamo, "snapshotter-periodic", file,
                Duration.ofSeconds(1), moto::dynamoDbChanges, Reporter.of(log::add, log::add), saves::add)) {
            put("snapshotter-periodic", "written-while-running");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(Files.isRegularFile(file) && Files.readString(file).contains("written-while-running"))) {
                assertTrue(System.nanoTime() < deadline, "not saved within a minute; log: " + log);
                Thread.sleep(100);
            }
            assertEquals(1, saves.get(saves.size() - 1).items());
            assertEquals(1, snapshotter.last().everySeconds());
        }
        assertEquals(List.of(), log, "no warning");
    }

    private TableSnapshotter snapshotter(String table, Path file, java.util.function.Supplier<OptionalLong> changes) {
        // A day between saves: these tests call saveIfChanged themselves (the first, scheduled one runs at once).
        TableSnapshotter snapshotter = TableSnapshotter.start(dynamo, table, file, Duration.ofDays(1), changes,
                Reporter.of(log::add, log::add), saved -> { });
        awaitFirstSave(snapshotter);
        return snapshotter;
    }

    private static void awaitFirstSave(TableSnapshotter snapshotter) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (snapshotter.last() == null) {
            assertTrue(System.nanoTime() < deadline, "no first save");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void put(String table, String id) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of("itemID", AttributeValue.fromS(id))));
    }

    private static void table(String name) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("itemID").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("itemID").attributeType(ScalarAttributeType.S)));
    }
}
