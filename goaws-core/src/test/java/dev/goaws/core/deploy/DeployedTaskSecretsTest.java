package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.local.Moto;
import dev.goaws.core.local.WithMoto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The task's secrets resolved as ECS resolves {@code valueFrom}, against moto's Secrets Manager. */
@WithMoto
class DeployedTaskSecretsTest {
    private static Moto moto;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void connect(Moto shared) {
        moto = shared;
        secrets = moto.session().secretsManager();
    }

    @AfterAll
    static void disconnect() {
        if (secrets != null) {
            secrets.close();
        }
    }

    @Test
    void aSecretIsResolvedWholeOrByItsJsonKeyAsEcsDoes() {
        String arn = secrets.createSecret(b -> b.name("deployed-task-login")
                .secretString("{\"username\":\"goaws\",\"password\":\"generated-password-1\"}")).arn();
        // The CDK's ecs.Secret.fromSecretsManager(secret, "password") deploys "<arn>:password::".
        assertEquals("generated-password-1", DeployedTask.resolve(secrets, arn + ":password::"));
        assertEquals("goaws", DeployedTask.resolve(secrets, arn + ":username::"));
        assertEquals("{\"username\":\"goaws\",\"password\":\"generated-password-1\"}",
                DeployedTask.resolve(secrets, arn));
    }

    @Test
    void aMissingJsonKeyOrAPlainSecretWithAKeyIsNamed() {
        String json = secrets.createSecret(b -> b.name("deployed-task-json").secretString("{\"password\":\"x\"}"))
                .arn();
        DeployException missing = assertThrows(DeployException.class,
                () -> DeployedTask.resolve(secrets, json + ":username::"));
        assertEquals("The secret " + json + " has no text field 'username'.", missing.getMessage());

        String plain = secrets.createSecret(b -> b.name("deployed-task-plain").secretString("not json")).arn();
        DeployException notJson = assertThrows(DeployException.class,
                () -> DeployedTask.resolve(secrets, plain + ":password::"));
        assertEquals("The secret " + plain + " is not JSON, but the task reads its key 'password'. Write it as JSON"
                + " ({\"password\": \"...\"}) or read the secret whole.", notJson.getMessage());
        assertFalse(notJson.getMessage().contains("not json"), "the secret's value in an error");
    }

    @Test
    void anSsmParameterIsResolvedByItsArnOrNameAndDecryptedAsEcsDoes() {
        try (var ssm = moto.session().ssm()) {
            ssm.putParameter(b -> b.name("/shop/dev/secrets/db-password").value("parameter-secret-1")
                    .type("SecureString"));
            // The CDK's ecs.Secret.fromSsmParameter deploys the parameter's ARN (no slash after "parameter").
            String arn = "arn:aws:ssm:" + Moto.REGION + ":123456789012:parameter/shop/dev/secrets/db-password";
            assertTrue(DeployedTask.isSsm(arn));
            assertTrue(DeployedTask.isSsm("/shop/dev/secrets/db-password"));
            assertFalse(DeployedTask.isSsm("arn:aws:secretsmanager:eu-central-1:123456789012:secret:x-AbCdEf"));
            assertEquals("parameter-secret-1", DeployedTask.resolveParameter(ssm, arn));
            assertEquals("parameter-secret-1", DeployedTask.resolveParameter(ssm, "/shop/dev/secrets/db-password"));
            DeployException missing = assertThrows(DeployException.class,
                    () -> DeployedTask.resolveParameter(ssm, "/shop/dev/secrets/nothing"));
            assertTrue(missing.getMessage().startsWith("The task's secret parameter /shop/dev/secrets/nothing does not"
                    + " exist"), missing.getMessage());
        }
    }
}
