package dev.goaws.core.stacks;

import static dev.goaws.core.StackKind.CONTAINER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ServiceConfiguration;
import dev.goaws.core.TaskPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A project's own service in the container stack: its variables and secrets in the task definition, the execution
 * role allowed to read exactly the declared parameters and secrets (and decrypt with exactly the named key), the
 * task policy's statements with goaws's substitutions, the managed policies; cdk-nag passes, and its findings on the
 * project's statements are not silenced.
 */
class ServiceConfigurationStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String FULL_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/full-AbCdEf";
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Orders", "Effect": "Allow", "Action": "sqs:SendMessage",
               "Resource": "arn:aws:sqs:${region}:${account}:orders-${stage}"},
              {"Sid": "Items", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
               "Resource": "${tableArn}"},
              {"Sid": "Flags", "Effect": "Allow", "Action": "ssm:GetParameter",
               "Resource": "arn:aws:ssm:${region}:${account}:parameter${parameterPath}/flags"}]}""";
    private static JsonNode resources;

    static ServiceConfiguration service(String policy, String managedPolicy) {
        Map<String, String> environment = Map.of("LOG_LEVEL", "debug", "FEATURE_FLAGS", "a,b",
                "PUBLIC_KEY", "ssh-ed25519 AAAA");
        Map<String, String> secrets = Map.of("DB_PASSWORD", "ssm:db-password", "SHARED", "ssm:/shop/shared",
                "API_KEY", "secretsmanager:shop/api-key", "API_USER", "secretsmanager:shop/api:user",
                "FULL", "secretsmanager:" + FULL_ARN);
        ServiceConfiguration parsed = ServiceConfiguration.of(environment, null, secrets, null, "PUBLIC_KEY", null,
                managedPolicy, KEY);
        return new ServiceConfiguration(parsed.environment(), parsed.secrets(), parsed.notSecret(),
                policy == null ? null : TaskPolicy.parse("src/main/aws/task-policy.json", policy),
                parsed.managedPolicies(), KEY);
    }

    static ServiceConfiguration withoutSecrets(ServiceConfiguration service) {
        return new ServiceConfiguration(service.environment(), Map.of(), service.notSecret(), service.taskPolicy(),
                service.managedPolicies(), null);
    }

    @BeforeAll
    static void synthesize() {
        resources = resources(StackFixtures.defaults().stage("dev")
                .app(service(POLICY, "arn:aws:iam::123456789012:policy/app-reads")).build());
    }

    private static JsonNode resources(GoawsSettings settings) {
        return JSON.valueToTree(StackFixtures.synthesize(settings).get(CONTAINER).toJSON()).path("Resources");
    }

    private static JsonNode of(JsonNode resources, String type) {
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals(type)) {
                return resource;
            }
        }
        throw new AssertionError("no " + type);
    }

    /** The statements of every inline policy attached to the role of the task definition's {@code roleProperty}. */
    private static List<JsonNode> statements(JsonNode resources, String roleProperty) {
        String role = of(resources, "AWS::ECS::TaskDefinition").path("Properties").path(roleProperty)
                .path("Fn::GetAtt").path(0).asText();
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals("AWS::IAM::Policy")
                    && resource.path("Properties").path("Roles").toString().contains("\"" + role + "\"")) {
                resource.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        }
        return statements;
    }

    private static JsonNode container(JsonNode resources) {
        return of(resources, "AWS::ECS::TaskDefinition").path("Properties").path("ContainerDefinitions").path(0);
    }

    /** A CloudFormation value as text: a Fn::Join's parts joined, pseudo parameters as ${AWS::...}. */
    private static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Fn::Join")) {
            StringBuilder out = new StringBuilder();
            value.path("Fn::Join").path(1).forEach(part -> out.append(text(part)));
            return out.toString();
        }
        if (value.has("Ref")) {
            return "${" + value.path("Ref").asText() + "}";
        }
        return value.toString();
    }

    private static List<String> texts(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> out.add(text(v)));
        } else {
            out.add(text(value));
        }
        return out;
    }

    @Test
    void theProjectsVariablesAreBesideTheContractsAndItsSecretsAreReferences() {
        Map<String, String> environment = new TreeMap<>();
        container(resources).path("Environment").forEach(v -> environment.put(v.path("Name").asText(),
                text(v.path("Value"))));
        assertEquals(Set.of("AWS_REGION", "FEATURE_FLAGS", "GOAWS_TABLE_PARAMETER", "LOG_LEVEL", "PORT",
                "PUBLIC_KEY"), environment.keySet());
        assertEquals("a,b", environment.get("FEATURE_FLAGS"));
        assertEquals("/go-on-aws/dev/table", environment.get("GOAWS_TABLE_PARAMETER"));
        Map<String, String> secrets = new TreeMap<>();
        container(resources).path("Secrets").forEach(v -> secrets.put(v.path("Name").asText(),
                text(v.path("ValueFrom"))));
        assertEquals(Set.of("API_KEY", "API_USER", "DB_PASSWORD", "FULL", "GOAWS_PASSWORD", "GOAWS_USERNAME",
                "SHARED"), secrets.keySet());
        assertEquals("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/go-on-aws/dev/secrets/"
                + "db-password", secrets.get("DB_PASSWORD"), "a relative name lives under the stage's path");
        assertEquals("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/shop/shared",
                secrets.get("SHARED"));
        assertEquals(FULL_ARN, secrets.get("FULL"));
        // Known by name only (a synthesis without AWS): the partial ARN; a deploy looks the complete one up.
        assertEquals("arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:shop/api-key",
                secrets.get("API_KEY"));
        assertEquals("arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:shop/api:user::",
                secrets.get("API_USER"));
    }

    @Test
    void theExecutionRoleReadsExactlyTheDeclaredSecretsAndDecryptsWithExactlyTheNamedKey() {
        Map<String, Set<String>> byAction = new TreeMap<>();
        for (JsonNode statement : statements(resources, "ExecutionRoleArn")) {
            assertEquals("Allow", statement.path("Effect").asText());
            for (String action : texts(statement.path("Action"))) {
                if (action.startsWith("ssm:") || action.startsWith("secretsmanager:") || action.startsWith("kms:")) {
                    byAction.computeIfAbsent(action, a -> new TreeSet<>()).addAll(texts(statement.path("Resource")));
                }
            }
            assertFalse(statement.has("NotResource") || statement.has("NotAction"), statement.toString());
        }
        String ssm = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/";
        Set<String> parameters = Set.of(ssm + "go-on-aws/dev/secrets/db-password", ssm + "shop/shared");
        assertEquals(parameters, byAction.get("ssm:GetParameters"));
        String secret = "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:";
        Set<String> secrets = Set.of(secret + "shop/api-key-??????", secret + "shop/api-??????", FULL_ARN,
                "${AppCredentials06DBAC7C}");
        assertEquals(secrets, byAction.get("secretsmanager:GetSecretValue"));
        assertEquals(Set.of(KEY), byAction.get("kms:Decrypt"), "kms:Decrypt on the named key only");
        byAction.values().forEach(resourcesOf -> resourcesOf.forEach(r -> assertFalse(r.contains("*"), r)));
    }

    @Test
    void aDeployGivesEcsAndIamTheCompleteArnOfASecretNamedByName() {
        String apiKey = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/api-key-Q1w2E3";
        String api = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/api-Z9y8X7";
        JsonNode deployed = resources(StackFixtures.defaults().stage("dev").app(service(null, null)
                .withCompleteArns(Map.of("API_KEY", apiKey, "API_USER", api))).build());
        Map<String, String> secrets = new TreeMap<>();
        container(deployed).path("Secrets").forEach(v -> secrets.put(v.path("Name").asText(),
                text(v.path("ValueFrom"))));
        assertEquals(apiKey, secrets.get("API_KEY"));
        assertEquals(api + ":user::", secrets.get("API_USER"));
        Set<String> granted = new TreeSet<>();
        for (JsonNode statement : statements(deployed, "ExecutionRoleArn")) {
            if (texts(statement.path("Action")).contains("secretsmanager:GetSecretValue")) {
                granted.addAll(texts(statement.path("Resource")));
            }
        }
        assertEquals(Set.of(apiKey, api, FULL_ARN, "${AppCredentials06DBAC7C}"), granted);
    }

    @Test
    void theTaskPolicysStatementsAreSubstitutedAndTheManagedPolicyAttached() {
        List<JsonNode> statements = statements(resources, "TaskRoleArn");
        Map<String, JsonNode> bySid = new TreeMap<>();
        statements.forEach(s -> bySid.put(s.path("Sid").asText(""), s));
        assertEquals(Set.of("", "Orders", "Items", "Flags"), bySid.keySet(), statements.toString());
        assertEquals(List.of("arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:orders-dev"),
                texts(bySid.get("Orders").path("Resource")));
        assertEquals(List.of("arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/go-on-aws/dev/flags"),
                texts(bySid.get("Flags").path("Resource")));
        String table = texts(bySid.get("Items").path("Resource")).get(0);
        assertEquals("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/"
                + "${SsmParameterValuegoonawsdevtableC96584B6F00A464EAD1953AFF4B05118Parameter}", table);
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:PutItem"), texts(bySid.get("Items").path("Action")));
        // goaws's own statements are still there, unchanged.
        assertEquals(2, statements.stream().filter(s -> s.path("Sid").isMissingNode()).count());
        String taskRole = of(resources, "AWS::ECS::TaskDefinition").path("Properties").path("TaskRoleArn")
                .path("Fn::GetAtt").path(0).asText();
        assertEquals("[\"arn:aws:iam::123456789012:policy/app-reads\"]",
                resources.path(taskRole).path("Properties").path("ManagedPolicyArns").toString());
    }

    @Test
    void theEcs2ReasonNamesTheProjectsVariables() {
        String reason = StackFixtures.nagSuppressions(StackFixtures.synthesize(StackFixtures.defaults().stage("dev")
                .app(service(null, null)).build()).get(CONTAINER)).get("ServiceTaskDef1922A00F AwsSolutions-ECS2");
        assertTrue(reason.contains("the project's goaws.environment (FEATURE_FLAGS, LOG_LEVEL, PUBLIC_KEY)"), reason);
        assertTrue(reason.contains("goaws.notSecret (PUBLIC_KEY)"), reason);
        assertTrue(reason.contains("the project's goaws.secrets are injected by ECS"), reason);
    }

    @Test
    void cdkNagStillJudgesTheProjectsStatementsAndPolicies() {
        // An object wildcard is IAM5 to cdk-nag: goaws does not silence it for the project.
        AssertionError wildcard = assertThrows(AssertionError.class, () -> StackFixtures.synthesize(
                StackFixtures.defaults().app(withoutSecrets(service("""
                        {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                          "Resource": "arn:aws:s3:::uploads/*"}]}""", null))).build()));
        assertTrue(wildcard.getMessage().contains("AwsSolutions-IAM5"), wildcard.getMessage());
        assertTrue(wildcard.getMessage().contains("Resource::arn:aws:s3:::uploads/*"), wildcard.getMessage());
        AssertionError awsManaged = assertThrows(AssertionError.class, () -> StackFixtures.synthesize(
                StackFixtures.defaults().app(withoutSecrets(service(null,
                        "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"))).build()));
        assertTrue(awsManaged.getMessage().contains("AwsSolutions-IAM4"), awsManaged.getMessage());
    }
}
