package dev.goaws.core.deploy;

import dev.goaws.core.local.MotoServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What the local tasks take from the deployed task definition: secrets resolved as ECS resolves {@code valueFrom}
 * (moto's Secrets Manager), the target group's matcher, and Fargate CPU units as the engine's {@code --cpus}.
 */
class DeployedTaskTest {
    private static MotoServer moto;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start("python3", 0, Files.createTempDirectory("goaws-deployed-task"), line -> { },
                Duration.ofSeconds(60));
        secrets = AwsTarget.of("eu-central-1", null, moto.endpoint().toString(), null, Map.of())
                .withLocalCredentials().connect().secretsManager();
    }

    @AfterAll
    static void stopMoto() {
        if (secrets != null) {
            secrets.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void aSecretIsResolvedWholeOrByItsJsonKeyAsEcsDoes() {
        String arn = secrets.createSecret(b -> b.name("login")
                .secretString("{\"username\":\"goaws\",\"password\":\"generated-password-1\"}")).arn();
        // The CDK's ecs.Secret.fromSecretsManager(secret, "password") deploys "<arn>:password::".
        assertEquals("generated-password-1", DeployedTask.resolve(secrets, arn + ":password::"));
        assertEquals("goaws", DeployedTask.resolve(secrets, arn + ":username::"));
        assertEquals("{\"username\":\"goaws\",\"password\":\"generated-password-1\"}",
                DeployedTask.resolve(secrets, arn));
    }

    @Test
    void aMissingJsonKeyOrAPlainSecretWithAKeyIsNamed() {
        String json = secrets.createSecret(b -> b.name("json").secretString("{\"password\":\"x\"}")).arn();
        DeployException missing = assertThrows(DeployException.class,
                () -> DeployedTask.resolve(secrets, json + ":username::"));
        assertEquals("The secret " + json + " has no text field 'username'.", missing.getMessage());

        String plain = secrets.createSecret(b -> b.name("plain").secretString("not json")).arn();
        DeployException notJson = assertThrows(DeployException.class,
                () -> DeployedTask.resolve(secrets, plain + ":password::"));
        assertEquals("The secret " + plain + " is not JSON, but the task reads its key 'password'.",
                notJson.getMessage());
        assertFalse(notJson.getMessage().contains("not json"), "the secret's value in an error");
    }

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
