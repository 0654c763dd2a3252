package dev.goaws.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The task policy file: IAM's shape, goaws's refusals naming the file and the statement, the substitutions. */
class TaskPolicyTest {
    private static final String FILE = "src/main/aws/task-policy.json";

    private static String refusal(String json) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> TaskPolicy.parse(FILE, json));
        assertEquals("goaws.taskPolicy", e.setting());
        assertTrue(e.getMessage().startsWith(FILE + ": ") || e.getMessage().startsWith(FILE + " "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aValidDocumentIsNormalizedAndItsPlaceholdersSubstituted() {
        TaskPolicy policy = TaskPolicy.parse(FILE, """
                {"Version": "2012-10-17",
                 "Statement": {"Sid": "Orders", "Effect": "Allow", "Action": ["sqs:SendMessage"],
                   "Resource": "arn:aws:sqs:${region}:${account}:orders-${stage}",
                   "Condition": {"StringEquals": {"aws:ResourceTag/table": "${table}"}}}}""");
        assertEquals(1, policy.statementCount());
        assertTrue(policy.uses("stage"));
        List<Map<String, Object>> statements = policy.statements(Map.of("region", "eu-central-1",
                "account", "123456789012", "stage", "dev", "table", "t-1"));
        assertEquals("arn:aws:sqs:eu-central-1:123456789012:orders-dev", statements.get(0).get("Resource"));
        assertEquals(Map.of("StringEquals", Map.of("aws:ResourceTag/table", "t-1")),
                statements.get(0).get("Condition"));
        assertEquals(List.of("sqs:SendMessage"), statements.get(0).get("Action"));
    }

    @Test
    void invalidJsonNamesTheLine() {
        assertTrue(refusal("{\n\"Statement\": [\n}").startsWith(FILE + " is not valid JSON (line 3"),
                "a message with the position");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::b\"}"
                    + "|statement 1 allows \"Action\": \"*\" (every action of every service)",
            "{\"Sid\":\"All3\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:*\"],\"Resource\":\"arn:aws:s3:::b/k\"}"
                    + "|statement 1 (Sid All3) allows 's3:*', every action of s3",
            "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}"
                    + "|statement 1 allows [s3:GetObject] on \"Resource\": \"*\": name the resources' ARNs",
            "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}"
                    + "|statement 1 uses NotAction, which grants everything but what it lists",
            "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"NotResource\":\"arn:aws:s3:::b\"}"
                    + "|statement 1 uses NotResource",
            "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b\"}"
                    + "|statement 1 has a Principal",
            "{\"Effect\":\"Permit\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b\"}"
                    + "|statement 1 has Effect \"Permit\": use \"Allow\" or \"Deny\"",
            "{\"Effect\":\"Allow\",\"Resource\":\"arn:aws:s3:::b\"}|statement 1 has no Action",
            "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}|statement 1 has no Resource",
            "{\"Effect\":\"Allow\",\"Action\":\"GetObject\",\"Resource\":\"arn:aws:s3:::b\"}"
                    + "|statement 1 has the action 'GetObject': write service:Action",
            "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"my-bucket\"}"
                    + "|statement 1 has the resource 'my-bucket', which is not an ARN",
            "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::${bucket}\"}"
                    + "|statement 1 has ${bucket}: goaws substitutes [${account}, ${parameterPath}, ${region},"
                    + " ${stage}, ${table}, ${tableArn}]",
    })
    void refusedStatementsAreNamedWithTheFix(String statement, String expected) {
        String message = refusal("{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}");
        assertTrue(message.startsWith(FILE + ": " + expected), message);
    }

    @Test
    void theSecondStatementIsNamedAsSuch() {
        String message = refusal("""
                {"Statement": [
                  {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "${tableArn}"},
                  {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}]}""");
        assertTrue(message.startsWith(FILE + ": statement 2 (Sid Everything) allows \"Action\": \"*\""), message);
    }

    @Test
    void resourceStarIsAcceptedOnlyForActionsWithoutResourceLevelPermissions() {
        TaskPolicy xray = TaskPolicy.parse(FILE, """
                {"Statement": [{"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                  "Resource": "*"}]}""");
        assertEquals(1, xray.statementCount());
        String mixed = refusal("""
                {"Statement": [{"Effect": "Allow", "Action": ["xray:PutTraceSegments", "sqs:SendMessage"],
                  "Resource": "*"}]}""");
        assertTrue(mixed.contains("allows [sqs:SendMessage] on \"Resource\": \"*\""), mixed);
    }

    @Test
    void theDocumentsShapeIsChecked() {
        assertTrue(refusal("[]").contains("is not an IAM policy document"));
        assertTrue(refusal("{\"Version\": \"2008-10-17\", \"Statement\": []}").contains("has Version \"2008-10-17\""));
        assertTrue(refusal("{\"Statement\": []}").contains("has no Statement"));
        assertTrue(refusal("{\"Policy\": {}, \"Statement\": []}").contains("has a top-level \"Policy\""));
        assertTrue(refusal("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\":"
                + " \"arn:aws:s3:::b\", \"Extra\": 1}]}").contains("statement 1 has \"Extra\""));
        String big = "{\"Statement\": [" + String.join(",", java.util.Collections.nCopies(200,
                "{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::bucket/key\"}"))
                + "]}";
        assertTrue(refusal(big).contains("IAM accepts at most 10240"));
    }

    @Test
    void aMissingFileIsNamed() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TaskPolicy.read(Path.of("no/such/policy.json")));
        assertEquals("no/such/policy.json does not exist: point goaws.taskPolicy at an IAM policy document in the"
                + " project, e.g. src/main/aws/task-policy.json.", e.getMessage());
    }
}
