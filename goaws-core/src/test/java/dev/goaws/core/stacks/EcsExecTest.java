package dev.goaws.core.stacks;

import static dev.goaws.core.StackKind.CONTAINER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code goaws.exec=true}: ECS Exec on the service, and the task role gains the ssmmessages channel actions and
 * nothing else; cdk-nag's '*' finding on them is suppressed with its reason. Off by default.
 */
class EcsExecTest {
    private static final List<String> SSM_MESSAGES = List.of("ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel");
    private static StackFixtures.Synthesized withExec;
    private static StackFixtures.Synthesized without;

    @BeforeAll
    static void synthesize() {
        withExec = StackFixtures.synthesize(StackFixtures.defaults().exec(true).build());
        without = StackFixtures.synthesize(StackFixtures.defaults().build());
    }

    @Test
    void theServiceEnablesExecuteCommandOnlyWhenAskedFor() {
        withExec.get(CONTAINER).hasResourceProperties("AWS::ECS::Service", Map.of("EnableExecuteCommand", true));
        JsonNode service = resourcesOf(without, "AWS::ECS::Service").get(0);
        assertFalse(service.path("Properties").path("EnableExecuteCommand").asBoolean(false), service.toString());
    }

    @Test
    void theTaskRoleGainsExactlyTheFourSsmMessagesActions() {
        List<JsonNode> added = new ArrayList<>(taskRoleStatements(withExec));
        added.removeAll(taskRoleStatements(without));
        assertEquals(1, added.size(), "one statement more than without exec: " + added);
        JsonNode statement = added.get(0);
        List<String> actions = new ArrayList<>();
        statement.path("Action").forEach(a -> actions.add(a.asText()));
        assertEquals(SSM_MESSAGES, actions.stream().sorted().toList());
        assertEquals("*", statement.path("Resource").asText(), "the ssmmessages actions have no resource ARNs");
        assertEquals("Allow", statement.path("Effect").asText());
        assertTrue(taskRoleStatements(without).stream().noneMatch(s -> s.toString().contains("ssmmessages")));
    }

    @Test
    void nagPassesWithTheFindingSuppressedOnTheTaskRolePolicyWithItsReason() {
        assertEquals(List.of(), withExec.nagErrors());
        Map<String, String> suppressions = StackFixtures.nagSuppressions(withExec.get(CONTAINER));
        String key = suppressions.keySet().stream()
                .filter(k -> k.startsWith("ServiceTaskDefTaskRoleDefaultPolicy") && k.contains("AwsSolutions-IAM5"))
                .findFirst().orElseThrow(() -> new AssertionError(suppressions.toString()));
        assertTrue(key.endsWith("[\"Resource::*\"]"), key);
        assertTrue(suppressions.get(key).contains("ssmmessages"), suppressions.get(key));
        assertTrue(StackFixtures.nagSuppressions(without.get(CONTAINER)).keySet().stream()
                .noneMatch(k -> k.startsWith("ServiceTaskDefTaskRoleDefaultPolicy")), "no suppression without exec");
    }

    private static List<JsonNode> taskRoleStatements(StackFixtures.Synthesized synthesized) {
        List<JsonNode> statements = new ArrayList<>();
        JsonNode resources = json(synthesized).path("Resources");
        resources.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("ServiceTaskDefTaskRoleDefaultPolicy")) {
                e.getValue().path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        });
        return statements;
    }

    private static List<JsonNode> resourcesOf(StackFixtures.Synthesized synthesized, String type) {
        List<JsonNode> found = new ArrayList<>();
        json(synthesized).path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        return found;
    }

    private static JsonNode json(StackFixtures.Synthesized synthesized) {
        return new ObjectMapper().valueToTree(synthesized.get(CONTAINER).toJSON());
    }
}
