package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.SecretReference;
import dev.goaws.core.ServiceConfiguration;
import dev.goaws.core.local.MotoServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * goaws:secret's core against moto: the declared secrets listed without their values, a value set from an
 * environment variable or the console into an SSM SecureString or a Secrets Manager secret (a JSON key merged into
 * the object), the deploy's check naming the missing ones and the command, and every refusal before AWS is called.
 * No value ever reaches a log line or a message.
 */
class ServiceSecretsTest {
    private static final String VALUE = "s3cr3t-value-for-the-test";
    private static MotoServer moto;
    private static AwsTarget target;
    private final List<String> lines = new ArrayList<>();
    private final Reporter reporter = Reporter.of(lines::add, line -> lines.add("WARN " + line));

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start("python3", 0, Files.createTempDirectory("goaws-secrets"), line -> { },
                Duration.ofSeconds(60));
        target = AwsTarget.of("eu-central-1", null, moto.endpoint().toString(), null, Map.of()).withLocalCredentials();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    private static GoawsSettings settings(String stage, Map<String, String> secrets) {
        return GoawsSettings.builder().stage(stage).tags(Map.of("team", "shop"))
                .app(ServiceConfiguration.of(Map.of(), null, secrets, null, null, null, null, null)).build();
    }

    private void run(GoawsSettings settings, String name, String valueFrom, Map<String, String> environment,
            Function<String, char[]> prompt) {
        ServiceSecrets.run(new ServiceSecrets.Request(settings, target, name, valueFrom, false, prompt, environment,
                "mvn goaws:secret", reporter));
    }

    private void assertNoValueLogged() {
        assertTrue(lines.stream().noneMatch(l -> l.contains(VALUE)), lines.toString());
    }

    @Test
    void anSsmSecretIsListedMissingThenSetFromAnEnvironmentVariableAsASecureStringUnderTheStagesPath() {
        GoawsSettings settings = settings("alpha", Map.of("DB_PASSWORD", "ssm:db-password"));
        run(settings, null, null, Map.of(), null);
        assertTrue(lines.contains("  DB_PASSWORD  SSM parameter /go-on-aws/alpha/secrets/db-password  MISSING"),
                lines.toString());
        assertTrue(lines.contains("WARN Set a missing one with: mvn goaws:secret -Dgoaws.secretName=<NAME>"),
                lines.toString());

        run(settings, "DB_PASSWORD", "DB_PW", Map.of("DB_PW", VALUE), null);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Created DB_PASSWORD (SSM parameter"
                + " /go-on-aws/alpha/secrets/db-password) in aws://123456789012/eu-central-1.")), lines.toString());
        try (var ssm = target.connect().ssm()) {
            var parameter = ssm.getParameter(b -> b.name("/go-on-aws/alpha/secrets/db-password").withDecryption(true))
                    .parameter();
            assertEquals(ParameterType.SECURE_STRING, parameter.type());
            assertEquals(VALUE, parameter.value());
            assertEquals(Map.of("team", "shop", "goaws:stage", "alpha"), ssm.listTagsForResource(b -> b
                    .resourceType("Parameter").resourceId("/go-on-aws/alpha/secrets/db-password")).tagList().stream()
                    .collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value())));
        }
        lines.clear();
        run(settings, null, null, Map.of(), null);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  DB_PASSWORD  SSM parameter"
                + " /go-on-aws/alpha/secrets/db-password  set, last changed \\d{4}-.*")), lines.toString());
        // A second set overwrites (SSM takes no tags with overwrite).
        run(settings, "DB_PASSWORD", "DB_PW", Map.of("DB_PW", VALUE + "-2"), null);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Changed DB_PASSWORD")), lines.toString());
        assertNoValueLogged();
    }

    @Test
    void aSecretsManagerSecretIsCreatedByNameAndAJsonKeyIsMergedIntoItsObject() {
        GoawsSettings settings = settings("beta", Map.of("API_USER", "secretsmanager:beta/api:user",
                "API_TOKEN", "secretsmanager:beta/api:token"));
        char[][] typed = {VALUE.toCharArray(), VALUE.toCharArray()};
        int[] asked = {0};
        run(settings, "API_USER", null, Map.of(), prompt -> {
            assertTrue(prompt.startsWith("Value of API_USER (Secrets Manager secret beta/api, key user), not echoed")
                    || prompt.equals("The same value again: "), prompt);
            return typed[asked[0]++].clone();
        });
        assertEquals(2, asked[0], "typed twice");
        run(settings, "API_TOKEN", "TOKEN", Map.of("TOKEN", "token-value-123"), null);
        try (var sm = target.connect().secretsManager()) {
            assertEquals("{\"user\":\"" + VALUE + "\",\"token\":\"token-value-123\"}",
                    sm.getSecretValue(b -> b.secretId("beta/api")).secretString());
        }
        List<ServiceSecrets.State> states = ServiceSecrets.states(settings, target.connect());
        assertTrue(states.stream().allMatch(ServiceSecrets.State::exists), states.toString());
        assertTrue(states.get(0).arn().matches("arn:aws:secretsmanager:eu-central-1:123456789012:secret:beta/api-.{6}"),
                states.get(0).arn());
        assertNoValueLogged();
    }

    @Test
    void theDeployCheckNamesEveryMissingSecretAndTheCommandThenGivesTheCompleteArns() {
        GoawsSettings settings = settings("gamma", Map.of("DB_PASSWORD", "ssm:db-password",
                "API_KEY", "secretsmanager:gamma/api-key"));
        DeployException missing = assertThrows(DeployException.class, () -> ServiceSecrets.requireExisting(settings,
                target.connect(), "mvn goaws:secret -Dgoaws.stage=gamma"));
        assertTrue(missing.getMessage().contains("missing in aws://123456789012/eu-central-1:"), missing.getMessage());
        assertTrue(missing.getMessage().contains("  API_KEY (Secrets Manager secret gamma/api-key)"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("  DB_PASSWORD (SSM parameter /go-on-aws/gamma/secrets/db-password)"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("Set each with mvn goaws:secret -Dgoaws.stage=gamma"
                + " -Dgoaws.secretName=<NAME>"), missing.getMessage());

        run(settings, "DB_PASSWORD", "V", Map.of("V", VALUE), null);
        run(settings, "API_KEY", "V", Map.of("V", VALUE), null);
        GoawsSettings resolved = ServiceSecrets.requireExisting(settings, target.connect(), "mvn goaws:secret");
        var apiKey = (SecretReference.SecretsManager) resolved.app().secrets().get("API_KEY");
        assertTrue(apiKey.knownArn().matches("arn:aws:secretsmanager:eu-central-1:123456789012:secret:"
                + "gamma/api-key-.{6}"), apiKey.knownArn());
        assertNoValueLogged();
    }

    @Test
    void badInputIsRefusedBeforeAwsIsCalledAndTheValueIsNeverRepeated() {
        GoawsSettings settings = settings(null, Map.of("DB_PASSWORD", "ssm:db-password"));
        AwsTarget unreachable = AwsTarget.of("eu-central-1", null, "http://127.0.0.1:9", null, Map.of())
                .withLocalCredentials();
        Function<ServiceSecrets.Request, InvalidSettingException> refused = request ->
                assertThrows(InvalidSettingException.class, () -> ServiceSecrets.run(request));

        InvalidSettingException onCommandLine = refused.apply(new ServiceSecrets.Request(settings, unreachable,
                "DB_PASSWORD", null, true, null, Map.of(), "mvn goaws:secret", reporter));
        assertEquals("goaws.secretValue", onCommandLine.setting());
        assertTrue(onCommandLine.getMessage().contains("stays in the shell's history and is visible in the process"
                + " list"), onCommandLine.getMessage());
        assertTrue(onCommandLine.getMessage().contains("-Dgoaws.secretName=<NAME> at a terminal and type the value"),
                onCommandLine.getMessage());
        assertTrue(onCommandLine.getMessage().contains("-Dgoaws.secretValueFrom=<VARIABLE>"),
                onCommandLine.getMessage());

        InvalidSettingException noConsole = refused.apply(new ServiceSecrets.Request(settings, unreachable,
                "DB_PASSWORD", null, false, null, Map.of(), "mvn goaws:secret", reporter));
        assertEquals("goaws.secretValueFrom", noConsole.setting());
        assertTrue(noConsole.getMessage().startsWith("is needed: there is no console to read the value of DB_PASSWORD"
                + " from"), noConsole.getMessage());

        InvalidSettingException unset = refused.apply(new ServiceSecrets.Request(settings, unreachable,
                "DB_PASSWORD", "NOT_SET_HERE", false, null, Map.of(), "mvn goaws:secret", reporter));
        assertTrue(unset.getMessage().startsWith("the environment variable NOT_SET_HERE is not set"),
                unset.getMessage());

        InvalidSettingException undeclared = refused.apply(new ServiceSecrets.Request(settings, unreachable,
                "API_KEY", "V", false, null, Map.of("V", VALUE), "mvn goaws:secret", reporter));
        assertEquals("goaws.secretName", undeclared.setting());
        assertEquals("API_KEY is not a declared secret; declared: [DB_PASSWORD].", undeclared.getMessage());

        InvalidSettingException differ = refused.apply(new ServiceSecrets.Request(settings, target, "DB_PASSWORD",
                null, false, new Function<>() {
                    private int call;

                    @Override
                    public char[] apply(String prompt) {
                        return (call++ == 0 ? VALUE : VALUE + "x").toCharArray();
                    }
                }, Map.of(), "mvn goaws:secret", reporter));
        assertEquals("the two values typed for DB_PASSWORD differ: nothing was changed. Run it again.",
                differ.getMessage());
        assertNoValueLogged();
    }

    @Test
    void aValueTooLongForSsmIsRefusedWithoutQuotingIt() {
        GoawsSettings settings = settings("delta", Map.of("LONG", "ssm:long"));
        String tooLong = VALUE.repeat(200);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> run(settings, "LONG", "V",
                Map.of("V", tooLong), null));
        assertTrue(e.getMessage().contains("a standard SSM parameter takes 4096: declare it as secretsmanager:"),
                e.getMessage());
        assertFalse(e.getMessage().contains(VALUE));
        assertEquals("an error about ****", ServiceSecrets.mask("an error about " + VALUE, VALUE));
    }

    @Test
    void theCommandInTheMessagesTargetsTheSameStageAndAccount() {
        GoawsSettings staged = settings("dev", Map.of());
        assertEquals("mvn goaws:secret -Dgoaws.stage=dev -Dgoaws.local=true",
                ServiceSecrets.command(staged, target, true));
        assertEquals("mvn goaws:secret -Dgoaws.stage=dev -Dgoaws.endpoint=" + moto.endpoint(),
                ServiceSecrets.command(staged, target, false));
        assertEquals("mvn goaws:secret", ServiceSecrets.command(settings(null, Map.of()),
                AwsTarget.of("eu-central-1", null, null, null, Map.of()), false));
    }
}
