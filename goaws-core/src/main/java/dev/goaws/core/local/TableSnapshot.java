package dev.goaws.core.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The local table's items across {@code goaws:down}/{@code goaws:up} and crashes: the emulator keeps them in
 * memory only, so they are saved to a file in DynamoDB's JSON format ({@code {"S": "..."}}, as
 * {@code aws dynamodb scan} prints) while the local cloud runs ({@link TableSnapshotter}) and when it stops, and
 * written into the new table when it starts.
 *
 * <p>A save never damages the last good file: the new one is written beside it, forced to disk, and renamed over
 * it; the one before is kept as {@code <name>.previous.json}. {@link #restoreNewest} takes the newest file that
 * reads whole.
 */
public final class TableSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 25; // BatchWriteItem's limit

    private TableSnapshot() {
    }

    /**
     * A table's items as read by one consistent Scan, in the file's format.
     *
     * @param digest SHA-256 of the items: equal digests, equal items
     */
    public record Contents(String table, ArrayNode items, String digest) {
        public int count() {
            return items.size();
        }
    }

    /** What {@link #restoreNewest} wrote into the table, from which file. */
    public record Restored(Path file, int items, String savedAt) {
    }

    /** Reads every item of {@code table} (consistent, all pages). */
    public static Contents read(DynamoDbClient dynamo, String table) {
        ArrayNode items = JSON.createArrayNode();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(item -> items.add(toJson(item)));
        try {
            return new Contents(table, items, dev.goaws.core.Sha256.hex(JSON.writeValueAsString(items)));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a tree of plain values always serializes
        }
    }

    /** Writes every item of {@code table} to {@code file}; returns how many. */
    public static int save(DynamoDbClient dynamo, String table, Path file) throws IOException {
        Contents contents = read(dynamo, table);
        write(contents, Instant.now(), file);
        return contents.count();
    }

    /**
     * Writes {@code contents} to {@code file} without ever leaving it half written: into a new file in the same
     * directory, forced to disk, then renamed over {@code file} (atomic); the file it replaces becomes
     * {@code <name>.previous.json}.
     */
    public static void write(Contents contents, Instant savedAt, Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        ObjectNode root = JSON.createObjectNode().put("table", contents.table()).put("savedAt", savedAt.toString());
        root.set("items", contents.items());
        Path partial = Files.createTempFile(directory, file.getFileName().toString(), ".partial");
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(root)));
                channel.force(true); // on disk before the rename makes it the file
            }
            if (Files.isRegularFile(file)) {
                Path previous = previous(file);
                Path copy = Files.createTempFile(directory, previous.getFileName().toString(), ".partial");
                try {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(copy, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(copy);
                }
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Where the file a save replaced is kept: {@code table-items.json} → {@code table-items.previous.json}. */
    public static Path previous(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".previous"
                + (dot > 0 ? name.substring(dot) : ""));
    }

    /**
     * Restores the newest file that reads whole, {@code file} or else the one before it, into {@code table};
     * empty when there is none. Each file that does not read is named to {@code skipped}.
     */
    public static Optional<Restored> restoreNewest(DynamoDbClient dynamo, String table, Path file,
            java.util.function.Consumer<String> skipped) {
        for (Path candidate : List.of(file, previous(file))) {
            if (!Files.isRegularFile(candidate)) {
                continue;
            }
            JsonNode root;
            try {
                root = JSON.readTree(candidate.toFile());
                if (root == null || !root.path("items").isArray()) {
                    throw new IOException("no items array");
                }
                for (JsonNode item : root.path("items")) {
                    fromJson(item); // every item must convert before any is written
                }
            } catch (IOException | RuntimeException e) {
                skipped.accept(candidate + " cannot be read (" + e.getMessage() + ")");
                continue;
            }
            int items = write(dynamo, table, root.path("items"));
            return Optional.of(new Restored(candidate, items, root.path("savedAt").asText(null)));
        }
        return Optional.empty();
    }

    /** Writes the items of {@code file} into {@code table}; returns how many (0 when there is no file). */
    public static int restore(DynamoDbClient dynamo, String table, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        return write(dynamo, table, JSON.readTree(file.toFile()).path("items"));
    }

    private static int write(DynamoDbClient dynamo, String table, JsonNode items) {
        List<WriteRequest> writes = new ArrayList<>();
        for (JsonNode item : items) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(fromJson(item)).build()).build());
        }
        for (int i = 0; i < writes.size(); i += BATCH) {
            Map<String, List<WriteRequest>> pending = Map.of(table, writes.subList(i, Math.min(i + BATCH, writes.size())));
            while (!pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty()) {
                final Map<String, List<WriteRequest>> batch = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(batch)).unprocessedItems();
            }
        }
        return writes.size();
    }

    static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((name, value) -> node.set(name, toJson(value)));
        return node;
    }

    private static ObjectNode toJson(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(Base64.getEncoder().encodeToString(b.asByteArray())));
            case L -> value.l().forEach(v -> node.withArray("L").add(toJson(v)));
            case M -> node.set("M", toJson(value.m()));
            default -> throw new IllegalArgumentException("Unknown DynamoDB attribute type " + value.type());
        }
        return node;
    }

    static Map<String, AttributeValue> fromJson(JsonNode item) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        item.fields().forEachRemaining(f -> map.put(f.getKey(), value(f.getValue())));
        return map;
    }

    private static AttributeValue value(JsonNode node) {
        var field = node.fields().next();
        JsonNode v = field.getValue();
        return switch (field.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "BS" -> AttributeValue.fromBs(texts(v).stream()
                    .map(s -> SdkBytes.fromByteArray(Base64.getDecoder().decode(s))).toList());
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(e -> list.add(value(e)));
                yield AttributeValue.fromL(list);
            }
            case "M" -> AttributeValue.fromM(fromJson(v));
            default -> throw new IllegalArgumentException("Unknown DynamoDB attribute type " + field.getKey());
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(e -> texts.add(e.asText()));
        return texts;
    }
}
