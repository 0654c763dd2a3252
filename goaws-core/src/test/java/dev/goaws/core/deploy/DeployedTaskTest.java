package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the local tasks take from the deployed task definition: the target group's matcher, and Fargate CPU units
 * as the engine's {@code --cpus} (its secrets: {@link DeployedTaskSecretsTest}).
 */
class DeployedTaskTest {
    @Test
    void theMatcherTakesCodesAndRangesAsAnAlbDoes() {
        DeployedTask.TargetHealthCheck codes = check("200,401");
        assertTrue(codes.matches(200));
        assertTrue(codes.matches(401));
        assertFalse(codes.matches(404));
        assertFalse(codes.matches(500));
        DeployedTask.TargetHealthCheck range = check("200-299, 302");
        assertTrue(range.matches(204));
        assertTrue(range.matches(302));
        assertFalse(range.matches(301));
        assertFalse(range.matches(401));
    }

    @Test
    void fargateCpuUnitsBecomeTheEnginesCpus() {
        assertEquals("0.25", task(256).cpus());
        assertEquals("0.5", task(512).cpus());
        assertEquals("1", task(1024).cpus());
        assertEquals("4", task(4096).cpus());
    }

    @Test
    void theSecretValuesStayOutOfItsDescription() {
        DeployedTask task = new DeployedTask("arn:task/app:1", "goaws/app:1", List.of(), List.of(), Map.of("A", "b"),
                Map.of("GOAWS_PASSWORD", "generated-password-1"), "65532", 8080, 256, 512, 1, check("200"),
                "app-service");
        assertTrue(task.toString().contains("GOAWS_PASSWORD"), task.toString());
        assertFalse(task.toString().contains("generated-password-1"), task.toString());
    }

    private static DeployedTask.TargetHealthCheck check(String matcher) {
        return new DeployedTask.TargetHealthCheck("/", matcher, Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 2);
    }

    private static DeployedTask task(int cpuUnits) {
        return new DeployedTask("arn:task/app:1", "goaws/app:1", List.of(), List.of(), Map.of(), Map.of(), null, 8080,
                cpuUnits, cpuUnits * 2, 1, check("200"), "app-service");
    }
}
