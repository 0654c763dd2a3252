package dev.goaws.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Turns DynamoDB items into plain JSON ({@code {"itemID": "a", "n": 1}}, not {@code {"S": "a"}}). */
final class ItemJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ItemJson() {}

    static ObjectNode result(ItemScanner.Result result) {
        ObjectNode root = JSON.objectNode();
        root.put("table", result.table());
        root.put("count", result.items().size());
        root.put("truncated", result.truncated());
        ArrayNode items = root.putArray("items");
        for (Map<String, AttributeValue> item : result.items()) {
            items.add(item(item));
        }
        return root;
    }

    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.objectNode();
        // itemID first, then the other attributes in a stable order.
        AttributeValue id = item.get(ItemScanner.KEY);
        if (id != null) {
            node.set(ItemScanner.KEY, value(id));
        }
        new TreeMap<>(item).forEach((name, value) -> {
            if (!name.equals(ItemScanner.KEY)) {
                node.set(name, value(value));
            }
        });
        return node;
    }

    static JsonNode value(AttributeValue value) {
        return switch (value.type()) {
            case S -> JSON.textNode(value.s());
            case N -> JSON.numberNode(new BigDecimal(value.n()));
            case B -> JSON.textNode(base64(value.b()));
            case BOOL -> JSON.booleanNode(value.bool());
            case NUL -> JSON.nullNode();
            case SS -> array(value.ss().stream().map(JSON::textNode).toList());
            case NS -> array(value.ns().stream().map(n -> (JsonNode) JSON.numberNode(new BigDecimal(n))).toList());
            case BS -> array(value.bs().stream().map(b -> (JsonNode) JSON.textNode(base64(b))).toList());
            case L -> array(value.l().stream().map(ItemJson::value).toList());
            case M -> item(value.m());
            case UNKNOWN_TO_SDK_VERSION -> JSON.nullNode();
        };
    }

    private static ArrayNode array(Iterable<? extends JsonNode> elements) {
        ArrayNode array = JSON.arrayNode();
        elements.forEach(array::add);
        return array;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
