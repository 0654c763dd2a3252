package dev.goaws.core.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.ImageSource;
import dev.goaws.core.StackKind;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** An image Jib pushed to ECR (by digest) is pulled with rights on exactly its repository. */
@Tag("node")
class EcrImageStackTest {
    private static final String DIGEST = "sha256:" + "c".repeat(64);
    private static final String REPO = "cdk-hnb659fds-container-assets-123456789012-eu-central-1";

    @Test
    void anEcrDigestReferenceGrantsTheExecutionRolePullOnThatRepository() throws Exception {
        Template container = StackFixtures.templates(StackFixtures.defaults()
                .image(new ImageSource.Registry("123456789012.dkr.ecr.eu-central-1.amazonaws.com/" + REPO + "@" + DIGEST))
                .build()).get(StackKind.CONTAINER);
        String json = new ObjectMapper().writeValueAsString(container.toJSON());
        assertTrue(json.contains("ecr:BatchGetImage") && json.contains("ecr:GetDownloadUrlForLayer"), "pull rights");
        assertTrue(json.contains(":ecr:eu-central-1:123456789012:repository/" + REPO), "scoped to the repository");
        assertTrue(json.contains("ecr:GetAuthorizationToken"), "ECR login for the pull");
        Map<String, Map<String, Object>> taskDefinitions = container.findResources("AWS::ECS::TaskDefinition");
        String task = new ObjectMapper().writeValueAsString(taskDefinitions);
        assertTrue(task.contains("/" + REPO + "@" + DIGEST), task);
        assertEquals(1, taskDefinitions.size());
    }
}
