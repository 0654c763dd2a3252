package dev.goaws.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code goaws.taskPolicy}: an IAM policy document of the project, attached to the task role beside goaws's own
 * statements. Checked when read, each refusal naming the file and the statement: IAM's shape, no
 * {@code "Action": "*"} or service-wide {@code "s3:*"}, no {@code "Resource": "*"} for an action that takes a
 * resource ARN, only the placeholders goaws substitutes ({@link #PLACEHOLDERS}).
 *
 * @param source   the file as the user named it (messages only)
 * @param document the validated document, minified, its {@code Statement} always a list (part of the synthesis key)
 */
public record TaskPolicy(String source, String document) {
    public static final String SETTING = "goaws.taskPolicy";

    /** What a statement may refer to; the container stack substitutes each at synthesis or deploy time. */
    public static final Set<String> PLACEHOLDERS = Set.of("table", "tableArn", "region", "account", "stage",
            "parameterPath");

    /**
     * Actions IAM authorizes only on {@code "Resource": "*"} (no resource-level permissions), the ones a service
     * typically calls. Any other action must name its resources. cdk-nag (AwsSolutions-IAM5) still reports the
     * wildcard on these: goaws does not silence findings on the project's statements.
     */
    public static final Set<String> WITHOUT_RESOURCES = Set.of("cloudwatch:PutMetricData",
            "cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "ecr:GetAuthorizationToken", "kms:ListAliases",
            "kms:ListKeys", "s3:ListAllMyBuckets", "secretsmanager:GetRandomPassword", "secretsmanager:ListSecrets",
            "sns:ListTopics", "sqs:ListQueues", "ssm:DescribeParameters", "sts:GetCallerIdentity",
            "dynamodb:ListTables", "xray:GetSamplingRules", "xray:GetSamplingStatisticSummaries",
            "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments");

    /** IAM's limit for the inline policies of one role, white space not counted. */
    static final int MAX_CHARACTERS = 10_240;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACTION = Pattern.compile("([a-z0-9-]+):([A-Za-z0-9*?]+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Action", "Resource", "Condition");

    /** Reads and checks the document in {@code file}. */
    public static TaskPolicy read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingException(SETTING, file + " does not exist: point goaws.taskPolicy at an IAM"
                    + " policy document in the project, e.g. src/main/aws/task-policy.json.");
        }
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new InvalidSettingException(SETTING, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Checks {@code text}, read from {@code source}. */
    public static TaskPolicy parse(String source, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingException(SETTING, source + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "): "
                    + e.getOriginalMessage() + ".");
        }
        if (root == null || !root.isObject()) {
            throw refuse(source, "is not an IAM policy document: write {\"Version\": \"2012-10-17\", \"Statement\":"
                    + " [...]}.");
        }
        JsonNode version = root.get("Version");
        if (version != null && !"2012-10-17".equals(version.asText())) {
            throw refuse(source, "has Version " + version + ": use \"2012-10-17\" (the older version does not"
                    + " substitute policy variables).");
        }
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("Version", "Id", "Statement").contains(name)) {
                throw refuse(source, "has a top-level \"" + name + "\": an IAM policy document has Version, Id and"
                        + " Statement.");
            }
        }
        JsonNode statements = root.get("Statement");
        if (statements == null || statements.isObject() && statements.isEmpty()
                || statements.isArray() && statements.isEmpty()) {
            throw refuse(source, "has no Statement: add at least one {\"Effect\": \"Allow\", \"Action\": [...],"
                    + " \"Resource\": [...]}.");
        }
        ArrayNode list = JSON.createArrayNode();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements.isObject()) {
            list.add(statements);
        } else {
            throw refuse(source, "has a Statement that is neither an object nor a list of objects.");
        }
        for (int i = 0; i < list.size(); i++) {
            checkStatement(source, i, list.get(i));
        }
        ObjectNode normalized = JSON.createObjectNode();
        normalized.put("Version", "2012-10-17");
        normalized.set("Statement", list);
        String minified = normalized.toString();
        if (minified.length() > MAX_CHARACTERS) {
            throw refuse(source, "has " + minified.length() + " characters without white space; IAM accepts at most "
                    + MAX_CHARACTERS + " for all inline policies of a role (goaws's own statements included): split"
                    + " it into a customer-managed policy (goaws.managedPolicies).");
        }
        return new TaskPolicy(source, minified);
    }

    private static void checkStatement(String source, int index, JsonNode statement) {
        if (!statement.isObject()) {
            throw refuse(source, "statement " + (index + 1) + " is not an object.");
        }
        String where = describe(index, statement);
        for (var names = statement.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("NotAction") || name.equals("NotResource")) {
                throw refuse(source, where + " uses " + name + ", which grants everything but what it lists: name"
                        + " the actions and resources the app needs with Action and Resource.");
            }
            if (name.equals("Principal") || name.equals("NotPrincipal")) {
                throw refuse(source, where + " has a " + name + ": the task role's policy applies to the role"
                        + " itself; remove it.");
            }
            if (!STATEMENT_KEYS.contains(name)) {
                throw refuse(source, where + " has \"" + name + "\": a statement has Sid, Effect, Action, Resource"
                        + " and Condition.");
            }
        }
        String effect = statement.path("Effect").asText(null);
        if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
            throw refuse(source, where + " has Effect " + statement.path("Effect") + ": use \"Allow\" or \"Deny\".");
        }
        List<String> actions = strings(source, where, statement, "Action");
        List<String> resources = strings(source, where, statement, "Resource");
        for (String action : actions) {
            if (action.equals("*")) {
                throw refuse(source, where + " allows \"Action\": \"*\" (every action of every service): list the"
                        + " actions the app calls, e.g. \"s3:GetObject\".");
            }
            Matcher m = ACTION.matcher(action);
            if (!m.matches()) {
                throw refuse(source, where + " has the action '" + action + "': write service:Action, e.g."
                        + " \"sqs:SendMessage\".");
            }
            if (m.group(2).equals("*")) {
                throw refuse(source, where + " allows '" + action + "', every action of " + m.group(1) + ": list the"
                        + " ones the app calls, e.g. \"" + m.group(1) + ":Get...\".");
            }
        }
        for (String resource : resources) {
            if (resource.equals("*")) {
                List<String> needResources = actions.stream().filter(a -> !WITHOUT_RESOURCES.contains(a)).toList();
                if ("Allow".equals(effect) && !needResources.isEmpty()) {
                    throw refuse(source, where + " allows " + needResources + " on \"Resource\": \"*\": name the"
                            + " resources' ARNs (${tableArn}, arn:aws:sqs:${region}:${account}:<queue>, ...).");
                }
            } else if (!resource.startsWith("arn:") && !resource.startsWith("${tableArn}")) {
                throw refuse(source, where + " has the resource '" + resource + "', which is not an ARN: write"
                        + " arn:aws:<service>:..., or ${tableArn} for goaws's table.");
            }
        }
        checkPlaceholders(source, where, statement);
    }

    private static void checkPlaceholders(String source, String where, JsonNode node) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            while (m.find()) {
                if (!PLACEHOLDERS.contains(m.group(1))) {
                    throw refuse(source, where + " has ${" + m.group(1) + "}: goaws substitutes "
                            + new TreeSet<>(PLACEHOLDERS).stream().map(p -> "${" + p + "}").toList() + ". IAM's own"
                            + " policy variables (${aws:username}, ...) are not for a task role.");
                }
            }
        }
        node.forEach(child -> checkPlaceholders(source, where, child));
    }

    private static List<String> strings(String source, String where, JsonNode statement, String key) {
        JsonNode node = statement.get(key);
        List<String> values = new ArrayList<>();
        if (node != null && node.isTextual()) {
            values.add(node.asText());
        } else if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw refuse(source, where + " has a " + key + " entry that is not a string: " + item + ".");
                }
                values.add(item.asText());
            }
        }
        if (values.isEmpty()) {
            throw refuse(source, where + " has no " + key + ": give a string or a list of strings.");
        }
        return values;
    }

    private static String describe(int index, JsonNode statement) {
        String sid = statement.path("Sid").asText("");
        return "statement " + (index + 1) + (sid.isEmpty() ? "" : " (Sid " + sid + ")");
    }

    private static InvalidSettingException refuse(String source, String message) {
        return new InvalidSettingException(SETTING, source + ": " + message);
    }

    /** Whether a statement refers to {@code ${name}}. */
    public boolean uses(String name) {
        return document.contains("${" + name + "}");
    }

    /** How many statements the document has. */
    public int statementCount() {
        try {
            return JSON.readTree(document).path("Statement").size();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The statements as maps (what {@code PolicyStatement.fromJson} takes), each {@code ${name}} replaced by
     * {@code values.get(name)} (a CDK token where the value is known at deploy time only).
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> statements(Map<String, String> values) {
        try {
            String substituted = substitute(JSON.readTree(document), values).toString();
            List<Map<String, Object>> statements = new ArrayList<>();
            for (JsonNode statement : JSON.readTree(substituted).path("Statement")) {
                statements.add(JSON.convertValue(statement, Map.class));
            }
            return statements;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> values) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("no value for ${" + m.group(1) + "}");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isArray()) {
            ArrayNode array = JSON.createArrayNode();
            node.forEach(item -> array.add(substitute(item, values)));
            return array;
        }
        if (node.isObject()) {
            ObjectNode object = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> object.set(e.getKey(), substitute(e.getValue(), values)));
            return object;
        }
        return node;
    }
}
