package dev.goaws.core.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The local table's items across {@code goaws:down}/{@code goaws:up}: the emulator keeps them in memory only, so
 * they are saved to a file in DynamoDB's JSON format ({@code {"S": "..."}}, as {@code aws dynamodb scan} prints)
 * when the local cloud stops and written into the new table when it starts.
 */
public final class TableSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 25; // BatchWriteItem's limit

    private TableSnapshot() {
    }

    /** Writes every item of {@code table} to {@code file}; returns how many. */
    public static int save(DynamoDbClient dynamo, String table, Path file) throws IOException {
        ArrayNode items = JSON.createArrayNode();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(item -> items.add(toJson(item)));
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        JSON.writeValue(partial.toFile(), JSON.createObjectNode().put("table", table).set("items", items));
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return items.size();
    }

    /** Writes the items of {@code file} into {@code table}; returns how many (0 when there is no file). */
    public static int restore(DynamoDbClient dynamo, String table, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        List<WriteRequest> writes = new ArrayList<>();
        for (JsonNode item : JSON.readTree(file.toFile()).path("items")) {
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
