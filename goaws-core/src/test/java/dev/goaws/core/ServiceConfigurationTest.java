package dev.goaws.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's environment, secrets and task-role permissions as a user writes them: parsed from the POM's maps
 * and the command line, and each bad input refused naming the parameter and the fix, never quoting a value that
 * could be a secret.
 */
class ServiceConfigurationTest {

    private static ServiceConfiguration of(Map<String, String> environment, String environmentProperty,
            Map<String, String> secrets, String secretsProperty) {
        return ServiceConfiguration.of(environment, environmentProperty, secrets, secretsProperty, null, null, null,
                null);
    }

    private static InvalidSettingException refused(Runnable configure) {
        return assertThrows(InvalidSettingException.class, configure::run);
    }

    @Test
    void theCommandLineSetsOverThePomAndEverythingIsSorted() {
        Map<String, String> pom = new LinkedHashMap<>();
        pom.put("LOG_LEVEL", "info");
        pom.put("FEATURE_X", null); // <FEATURE_X/> in the POM
        ServiceConfiguration service = of(pom, "LOG_LEVEL=debug,QUEUE_URL=https://sqs.example/q", Map.of(), null);
        assertEquals(List.of("FEATURE_X", "LOG_LEVEL", "QUEUE_URL"), List.copyOf(service.environment().keySet()));
        assertEquals("debug", service.environment().get("LOG_LEVEL"));
        assertEquals("", service.environment().get("FEATURE_X"));
        assertEquals("https://sqs.example/q", service.environment().get("QUEUE_URL"));
    }

    @Test
    void secretReferencesOfEveryKind() {
        ServiceConfiguration service = of(Map.of(), null, Map.of("DB_PASSWORD", "ssm:db-password",
                "SHARED", "ssm:/shop/prod/shared"), "API_KEY=secretsmanager:shop/api:key,"
                + "FULL=secretsmanager:arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/full-AbCdEf,"
                + "FULL_KEY=secretsmanager:arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/full-AbCdEf:user");
        var relative = (SecretReference.Ssm) service.secrets().get("DB_PASSWORD");
        assertEquals("/go-on-aws/dev/secrets/db-password", relative.parameterName("/go-on-aws/dev"));
        assertEquals("/go-on-aws/secrets/db-password", relative.parameterName("/go-on-aws"));
        assertEquals("/shop/prod/shared", ((SecretReference.Ssm) service.secrets().get("SHARED"))
                .parameterName("/go-on-aws/dev"), "an absolute name is the same in every stage");
        var byName = (SecretReference.SecretsManager) service.secrets().get("API_KEY");
        assertEquals("shop/api", byName.name());
        assertEquals("key", byName.jsonKey());
        assertNull(byName.knownArn(), "only a lookup knows the suffix");
        var full = (SecretReference.SecretsManager) service.secrets().get("FULL");
        assertEquals("arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/full-AbCdEf", full.knownArn());
        assertEquals("shop/full", full.secretName());
        assertNull(full.jsonKey());
        assertEquals("user", ((SecretReference.SecretsManager) service.secrets().get("FULL_KEY")).jsonKey());
        ServiceConfiguration resolved = service.withCompleteArns(Map.of("API_KEY",
                "arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/api-XyZ123"));
        assertEquals("arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/api-XyZ123",
                ((SecretReference.SecretsManager) resolved.secrets().get("API_KEY")).knownArn());
        assertEquals("key", ((SecretReference.SecretsManager) resolved.secrets().get("API_KEY")).jsonKey());
    }

    @Test
    void namesThatAreNotVariableNamesOrGoawsOwnAreRefusedSayingWhich() {
        InvalidSettingException bad = refused(() -> of(Map.of("1ST", "x"), null, Map.of(), null));
        assertEquals("goaws.environment", bad.setting());
        assertTrue(bad.getMessage().startsWith("'1ST' is not a variable name: a letter or '_'"), bad.getMessage());
        InvalidSettingException dash = refused(() -> of(Map.of(), "MY-VAR=x", Map.of(), null));
        assertTrue(dash.getMessage().startsWith("'MY-VAR' is not a variable name"), dash.getMessage());
        for (String own : List.of("PORT", "AWS_REGION", "GOAWS_TABLE_PARAMETER", "GOAWS_ANYTHING")) {
            InvalidSettingException e = refused(() -> of(Map.of(own, "x"), null, Map.of(), null));
            assertEquals(own + " is set by goaws itself (the app contract: PORT, AWS_REGION and the GOAWS_* names):"
                    + " choose another name.", e.getMessage());
        }
        InvalidSettingException ecs = refused(() -> of(Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "x"), null,
                Map.of(), null));
        assertTrue(ecs.getMessage().contains("is set by ECS itself in every task"), ecs.getMessage());
        InvalidSettingException secretName = refused(() -> of(Map.of(), null, Map.of("GOAWS_PASSWORD",
                "ssm:x"), null));
        assertEquals("goaws.secrets", secretName.setting());
    }

    @Test
    void aSecretLookingPlainVariableIsRefusedWithUseSecretsUnlessDeclaredNotSecret() {
        for (String name : List.of("DB_PASSWORD", "client_secret", "GITHUB_TOKEN", "API_KEY", "STRIPE_SECRET_KEY")) {
            InvalidSettingException e = refused(() -> of(Map.of(name, "hunter2-value"), null, Map.of(), null));
            assertEquals("goaws.environment", e.setting());
            assertTrue(e.getMessage().startsWith(name + " looks like a secret"), e.getMessage());
            assertTrue(e.getMessage().contains("Use <secrets>: <secrets><" + name + ">ssm:"), e.getMessage());
            assertTrue(e.getMessage().contains("mvn goaws:secret -Dgoaws.secretName=" + name), e.getMessage());
            assertTrue(e.getMessage().contains("list the name in goaws.notSecret"), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2-value"), "the value is never repeated");
        }
        // KEY only at the end, as *_KEY: a KEYBOARD_LAYOUT or a MONKEY is not a secret.
        assertEquals(2, of(Map.of("KEYBOARD_LAYOUT", "de", "MONKEY", "x"), null, Map.of(), null).environment().size());
        ServiceConfiguration overridden = ServiceConfiguration.of(Map.of("PUBLIC_KEY", "ssh-ed25519 AAAA"), null,
                Map.of(), null, "PUBLIC_KEY", null, null, null);
        assertEquals("ssh-ed25519 AAAA", overridden.environment().get("PUBLIC_KEY"));
    }

    @Test
    void aNameInBothEnvironmentAndSecretsIsRefused() {
        InvalidSettingException e = refused(() -> ServiceConfiguration.of(Map.of("DB_PASSWORD", "x"), null,
                Map.of("DB_PASSWORD", "ssm:db"), null, "DB_PASSWORD", null, null, null));
        assertEquals("DB_PASSWORD is in both <environment> and <secrets>: keep it in one.", e.getMessage());
    }

    @Test
    void moreThanATaskDefinitionTakesIsRefused() {
        String big = "x".repeat(ServiceConfiguration.MAX_CHARACTERS);
        InvalidSettingException e = refused(() -> of(Map.of("BIG", big), null, Map.of(), null));
        assertTrue(e.getMessage().contains("ECS accepts at most 64 KiB per task definition"), e.getMessage());
    }

    @Test
    void badCommandLinePairsAreRefusedWithoutQuotingThem() {
        InvalidSettingException e = refused(() -> of(Map.of(), "LOG_LEVEL=debug,s3cr3t-value", Map.of(), null));
        assertEquals("goaws.environment", e.setting());
        assertTrue(e.getMessage().startsWith("entry 2 is not NAME=value: write goaws.environment as comma-separated"
                + " pairs"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t-value"));
        InvalidSettingException twice = refused(() -> of(Map.of(), null, Map.of(), "A=ssm:a,A=ssm:b"));
        assertEquals("goaws.secrets", twice.setting());
        assertEquals("A is given twice.", twice.getMessage());
    }

    @Test
    void aSecretValueWrittenWhereItsReferenceBelongsIsRefusedAndNotRepeated() {
        InvalidSettingException e = refused(() -> of(Map.of(), null, Map.of("DB_PASSWORD", "correct-horse-battery"),
                null));
        assertEquals("goaws.secrets", e.setting());
        assertTrue(e.getMessage().startsWith("the value given for DB_PASSWORD is not a secret reference"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ssm:<parameter name>"), e.getMessage());
        assertTrue(e.getMessage().contains("secretsmanager:<name or complete ARN>[:<json-key>]"), e.getMessage());
        assertFalse(e.getMessage().contains("correct-horse-battery"));
    }

    @Test
    void badSecretReferencesAreRefusedWithTheirFormat() {
        InvalidSettingException ssm = refused(() -> of(Map.of(), null, Map.of("A", "ssm:/shop/db password"), null));
        assertTrue(ssm.getMessage().startsWith("'ssm:/shop/db password' is not an SSM parameter name"),
                ssm.getMessage());
        InvalidSettingException reserved = refused(() -> of(Map.of(), null, Map.of("A", "ssm:/aws/x"), null));
        assertTrue(reserved.getMessage().contains("not under /aws or /ssm"), reserved.getMessage());
        InvalidSettingException partial = refused(() -> of(Map.of(), null, Map.of("A",
                "secretsmanager:arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/api"), null));
        assertTrue(partial.getMessage().contains("is not a complete Secrets Manager ARN: it must end with the"
                + " 6-character suffix"), partial.getMessage());
        InvalidSettingException versions = refused(() -> of(Map.of(), null, Map.of("A",
                "secretsmanager:arn:aws:secretsmanager:eu-central-1:123456789012:secret:shop/api-AbCdEf:k:AWSPREVIOUS:"),
                null));
        assertTrue(versions.getMessage().contains("has more than a JSON key after the ARN"), versions.getMessage());
        InvalidSettingException name = refused(() -> of(Map.of(), null, Map.of("A", "secretsmanager:shop api"), null));
        assertTrue(name.getMessage().contains("is not a Secrets Manager secret name"), name.getMessage());
    }

    @Test
    void theKmsKeyMustBeAKeyArnAndServeDeclaredSecrets() {
        InvalidSettingException alias = refused(() -> ServiceConfiguration.of(Map.of(), null, Map.of("A", "ssm:a"),
                null, null, null, null, "alias/shop"));
        assertEquals("goaws.secretsKmsKey", alias.setting());
        assertTrue(alias.getMessage().contains("is not a KMS key ARN"), alias.getMessage());
        InvalidSettingException unused = refused(() -> ServiceConfiguration.of(Map.of(), null, Map.of(), null, null,
                null, null, "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertTrue(unused.getMessage().startsWith("names a key, but no goaws.secrets are declared"),
                unused.getMessage());
    }

    @Test
    void managedPoliciesAreArnsAndNeverTheWideAwsOnes() {
        ServiceConfiguration ok = ServiceConfiguration.of(Map.of(), null, Map.of(), null, null, null,
                "arn:aws:iam::123456789012:policy/app/reads, arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", null);
        assertEquals(List.of("arn:aws:iam::123456789012:policy/app/reads",
                "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"), ok.managedPolicies());
        for (String wide : List.of("AdministratorAccess", "PowerUserAccess", "AmazonS3FullAccess")) {
            InvalidSettingException e = refused(() -> ServiceConfiguration.of(Map.of(), null, Map.of(), null, null,
                    null, "arn:aws:iam::aws:policy/" + wide, null));
            assertEquals("goaws.managedPolicies", e.setting());
            assertTrue(e.getMessage().startsWith(wide + " allows every action of a service"), e.getMessage());
        }
        InvalidSettingException notArn = refused(() -> ServiceConfiguration.of(Map.of(), null, Map.of(), null, null,
                null, "ReadOnlyAccess", null));
        assertTrue(notArn.getMessage().startsWith("'ReadOnlyAccess' is not a managed policy ARN"),
                notArn.getMessage());
        String eleven = String.join(",", java.util.stream.IntStream.rangeClosed(1, 11)
                .mapToObj(i -> "arn:aws:iam::123456789012:policy/p" + i).toList());
        InvalidSettingException many = refused(() -> ServiceConfiguration.of(Map.of(), null, Map.of(), null, null,
                null, eleven, null));
        assertTrue(many.getMessage().startsWith("11 policies: a role takes at most 10"), many.getMessage());
    }

    @Test
    void aTaskPolicyUsingTheStageNeedsOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("task-policy.json"), """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage",
                 "Resource": "arn:aws:sqs:${region}:${account}:orders-${stage}"}]}""");
        ServiceConfiguration service = ServiceConfiguration.of(Map.of(), null, Map.of(), null, null, file, null,
                null);
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> GoawsSettings.builder().app(service).build());
        assertEquals("goaws.taskPolicy", e.setting());
        assertEquals(file + " uses ${stage}, but no goaws.stage is set: set one, or write the name without"
                + " ${stage}.", e.getMessage());
        assertEquals(1, GoawsSettings.builder().app(service).stage("dev").build().app().taskPolicy()
                .statementCount());
    }
}
