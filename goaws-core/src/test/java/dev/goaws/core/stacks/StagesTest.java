package dev.goaws.core.stacks;

import dev.goaws.core.Naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.StackKind;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * A stage ({@code goaws.stage}) and user tags ({@code goaws.tags}): the stage's own stack names and SSM path,
 * wired through every stack, and the tags on the stacks and on every taggable resource; nag still passes.
 */
@Tag("node")
class StagesTest {
    private static StackFixtures.Synthesized dev;

    @BeforeAll
    static void synthesize() {
        dev = StackFixtures.synthesize(StackFixtures.defaults().stage("dev")
                .tags(Naming.parseTags("team=a,cost-center=b")).build());
    }

    @Test
    void theStageNamesTheStacksAndThePublishedParameters() {
        for (StackKind kind : StackKind.values()) {
            assertTrue(dev.assembly().getStackByName("goaws-dev-" + kind.id()) != null, kind.id());
        }
        dev.get(StackKind.TABLE).hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/go-on-aws/dev/table"));
        dev.get(StackKind.VPC).hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/go-on-aws/dev/vpc"));
        // the container stack reads the dev VPC and table, never the unstaged ones
        String container = json(dev.get(StackKind.CONTAINER)).toString();
        assertTrue(container.contains("/go-on-aws/dev/vpc-private-subnets"), container);
        assertTrue(container.contains("parameter/go-on-aws/dev/table"), "the task's ssm:GetParameter right");
        assertTrue(!container.contains("\"/go-on-aws/vpc") && !container.contains("parameter/go-on-aws/table"),
                "no reference to the unstaged parameters");
    }

    @Test
    void everyStackAndEveryTaggableResourceCarriesTheTagsAndTheStage() {
        Map<String, String> expected = Map.of("team", "a", "cost-center", "b", Naming.STAGE_TAG, "dev");
        for (StackKind kind : StackKind.values()) {
            CloudFormationStackArtifact stack = dev.assembly().getStackByName("goaws-dev-" + kind.id());
            assertEquals(expected, new HashMap<>(stack.getTags()), kind.id() + " stack tags");
            int tagged = 0;
            for (JsonNode resource : json(dev.get(kind)).path("Resources")) {
                JsonNode tags = resource.path("Properties").path("Tags");
                if (tags.isArray()) {
                    Map<String, String> found = new HashMap<>();
                    tags.forEach(t -> found.put(t.path("Key").asText(), t.path("Value").asText()));
                    assertTrue(found.entrySet().containsAll(expected.entrySet()),
                            resource.path("Type").asText() + " " + found);
                    tagged++;
                }
            }
            assertTrue(tagged > 0, kind.id() + " has taggable resources");
        }
        dev.get(StackKind.TABLE).hasResourceProperties("AWS::DynamoDB::Table", Map.of("Tags",
                software.amazon.awscdk.assertions.Match.arrayWith(java.util.List.of(
                        Map.of("Key", "team", "Value", "a")))));
        assertTrue(dev.nagErrors().isEmpty(), dev.nagErrors().toString());
    }

    @Test
    void withoutAStageTheNamesAreTodays() {
        GoawsSettings none = StackFixtures.defaults().build();
        assertEquals("goaws-vpc", none.stackName(StackKind.VPC));
        assertEquals("/go-on-aws/table", none.tableParameter());
        assertEquals(Map.of(), none.resourceTags());
    }

    private static JsonNode json(Template template) {
        return new ObjectMapper().valueToTree(template.toJSON());
    }
}
