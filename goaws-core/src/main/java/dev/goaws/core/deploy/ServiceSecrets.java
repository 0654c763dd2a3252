package dev.goaws.core.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.SecretReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The project's declared secrets ({@code goaws.secrets}) in an account: whether each exists and when it last
 * changed ({@code goaws:secret} without a value, {@code goaws:status}), the check a deploy makes before the CLI
 * starts, and setting one value ({@code goaws:secret}). Reads metadata only: no value is read, except the JSON
 * object a key is written into, and no value is ever logged or put into a message.
 */
public final class ServiceSecrets {
    /** SSM's standard tier: longer values need Secrets Manager (or the advanced tier, which costs). */
    static final int MAX_SSM_VALUE = 4096;
    /** Secrets Manager's limit for a secret string. */
    static final int MAX_SECRETS_MANAGER_VALUE = 65_536;
    /** Values shorter than this are not masked in logs (they would mask ordinary words). */
    public static final int MIN_MASKED_LENGTH = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One declared secret in the account.
     *
     * @param location    what it points to, e.g. {@code SSM parameter /go-on-aws/dev/secrets/db-password}
     * @param lastChanged when its value last changed, or null when it does not exist
     * @param arn         its complete ARN when it exists (ECS needs it for a Secrets Manager secret)
     * @param note        what is odd about it (a plain {@code String} parameter), or null
     */
    public record State(String variable, SecretReference reference, String location, boolean exists,
            Instant lastChanged, String arn, String note) {
    }

    /**
     * What {@code goaws:secret} does.
     *
     * @param secretName  {@code goaws.secretName}: the variable whose value is set; null lists the secrets
     * @param valueFrom   {@code goaws.secretValueFrom}: the environment variable holding the value, or null
     * @param valueOnCommandLine whether {@code goaws.secretValue} was given (refused)
     * @param prompt      reads a value from the console with echo off, or null when there is no console (batch mode)
     * @param environment the process environment {@code valueFrom} is read from
     * @param command     how the user runs this goal against the same target, for the messages
     */
    public record Request(GoawsSettings settings, AwsTarget target, String secretName, String valueFrom,
            boolean valueOnCommandLine, Function<String, char[]> prompt, Map<String, String> environment,
            String command, Reporter reporter) {
    }

    private ServiceSecrets() {
    }

    /**
     * How the user runs {@code goaws:secret} against the same stage and account, for the messages: with the stage,
     * the local cloud's switch, or the emulator endpoint.
     */
    public static String command(GoawsSettings settings, AwsTarget target, boolean local) {
        return "mvn goaws:secret" + (settings.naming().stage() == null ? "" : " -Dgoaws.stage=" + settings.naming().stage())
                + (local ? " -Dgoaws.local=true" : target.endpoint() != null ? " -Dgoaws.endpoint="
                        + target.endpoint() : "");
    }

    /** {@code goaws:secret}: sets one declared secret's value, or without a name lists them. */
    public static void run(Request request) {
        if (request.valueOnCommandLine()) {
            throw new InvalidSettingException("goaws.secretValue", "is refused: a value on the command line stays in"
                    + " the shell's history and is visible in the process list. Either run " + request.command()
                    + " -Dgoaws.secretName=<NAME> at a terminal and type the value (not echoed), or, in batch mode,"
                    + " put the value into an environment variable (e.g. from your CI's secret store) and name it:"
                    + " -Dgoaws.secretValueFrom=<VARIABLE>.");
        }
        GoawsSettings settings = request.settings();
        Map<String, SecretReference> declared = settings.app().secrets();
        if (request.secretName() == null) {
            if (request.valueFrom() != null) {
                throw new InvalidSettingException("goaws.secretName", "is missing: name the secret whose value"
                        + " goaws.secretValueFrom holds, one of " + declared.keySet() + ".");
            }
            list(settings, request.target().connect(), request.command(), request.reporter());
            return;
        }
        SecretReference reference = declared.get(request.secretName());
        if (reference == null) {
            throw new InvalidSettingException("goaws.secretName", request.secretName() + " is not a declared secret"
                    + (declared.isEmpty() ? ": declare it first in the POM, e.g. <secrets><" + request.secretName()
                    + ">ssm:" + request.secretName().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + "</" + request.secretName() + "></secrets>." : "; declared: " + declared.keySet() + "."));
        }
        String location = reference.describe(settings.parameterPath());
        // Bad input first, then the account (credentials, region), and only then the console.
        char[] value = request.valueFrom() != null ? readValue(request, location) : null;
        if (value == null && request.prompt() == null) {
            readValue(request, location); // refuses: no console
        }
        AwsTarget.AwsSession aws = request.target().connect();
        if (value == null) {
            value = readValue(request, location);
        }
        try {
            set(settings, aws, request.secretName(), new String(value), request.reporter());
        } finally {
            java.util.Arrays.fill(value, '\0');
        }
    }

    private static char[] readValue(Request request, String location) {
        String name = request.secretName();
        if (request.valueFrom() != null) {
            String value = request.environment().get(request.valueFrom());
            if (value == null || value.isEmpty()) {
                throw new InvalidSettingException("goaws.secretValueFrom", "the environment variable "
                        + request.valueFrom() + " is " + (value == null ? "not set" : "empty") + ": export the value"
                        + " of " + name + " in it before running Maven, or leave goaws.secretValueFrom unset to"
                        + " type it at the console.");
            }
            return value.toCharArray();
        }
        if (request.prompt() == null) {
            throw new InvalidSettingException("goaws.secretValueFrom", "is needed: there is no console to read the"
                    + " value of " + name + " from (batch mode, or no terminal). Put the value into an environment"
                    + " variable (e.g. from your CI's secret store, or 'read -rs VALUE; export VALUE') and run "
                    + request.command() + " -Dgoaws.secretName=" + name + " -Dgoaws.secretValueFrom=VALUE.");
        }
        char[] first = request.prompt().apply("Value of " + name + " (" + location + "), not echoed: ");
        char[] second = request.prompt().apply("The same value again: ");
        try {
            if (first == null || first.length == 0) {
                throw new InvalidSettingException("goaws.secretName", "no value typed for " + name
                        + ": nothing was changed.");
            }
            if (!java.util.Arrays.equals(first, second)) {
                throw new InvalidSettingException("goaws.secretName", "the two values typed for " + name
                        + " differ: nothing was changed. Run it again.");
            }
            return first.clone();
        } finally {
            if (first != null) {
                java.util.Arrays.fill(first, '\0');
            }
            if (second != null) {
                java.util.Arrays.fill(second, '\0');
            }
        }
    }

    /** Prints each declared secret: exists or not, last change; never a value. */
    public static List<State> list(GoawsSettings settings, AwsTarget.AwsSession aws, String command,
            Reporter out) {
        List<State> states = states(settings, aws);
        if (states.isEmpty()) {
            out.info("No secrets are declared (goaws.secrets).");
            return states;
        }
        out.info("Secrets of " + settings.stackName(dev.goaws.core.StackKind.CONTAINER) + " in " + aws.environment()
                + ":");
        for (State state : states) {
            out.info("  " + describe(state));
        }
        if (states.stream().anyMatch(s -> !s.exists())) {
            out.warn("Set a missing one with: " + command + " -Dgoaws.secretName=<NAME>");
        }
        return states;
    }

    /** One line: name, where, and whether and when it was set. */
    public static String describe(State state) {
        return state.variable() + "  " + state.location() + "  " + (state.exists()
                ? "set" + (state.lastChanged() == null ? "" : ", last changed " + state.lastChanged())
                : "MISSING") + (state.note() == null ? "" : "  (" + state.note() + ")");
    }

    /** The state of every declared secret, in the order of their names. */
    public static List<State> states(GoawsSettings settings, AwsTarget.AwsSession aws) {
        List<State> states = new ArrayList<>();
        if (settings.app().secrets().isEmpty()) {
            return states;
        }
        try (SsmClient ssm = aws.ssm(); SecretsManagerClient secretsManager = aws.secretsManager()) {
            settings.app().secrets().forEach((variable, reference) ->
                    states.add(state(settings, ssm, secretsManager, variable, reference)));
        } catch (SdkException e) {
            throw new DeployException("Cannot look up the declared secrets in " + aws.environment() + ": "
                    + e.getMessage(), e);
        }
        return states;
    }

    /**
     * Before a deploy of the container stack: every declared secret must exist (a task could not start without
     * it). Returns the settings with each Secrets Manager secret's complete ARN, which ECS needs.
     */
    public static GoawsSettings requireExisting(GoawsSettings settings, AwsTarget.AwsSession aws, String command) {
        List<State> states = states(settings, aws);
        List<State> missing = states.stream().filter(s -> !s.exists()).toList();
        if (!missing.isEmpty()) {
            StringBuilder message = new StringBuilder("The container's secrets must exist before it is deployed"
                    + " (a task cannot start without them); missing in " + aws.environment() + ":");
            for (State state : missing) {
                message.append(System.lineSeparator()).append("  ").append(state.variable()).append(" (")
                        .append(state.location()).append(")");
            }
            message.append(System.lineSeparator()).append("Set each with ").append(command)
                    .append(" -Dgoaws.secretName=<NAME> (it asks for the value; in batch mode add"
                            + " -Dgoaws.secretValueFrom=<environment variable>), e.g. ").append(command)
                    .append(" -Dgoaws.secretName=").append(missing.get(0).variable()).append(". Nothing was deployed.");
            throw new DeployException(message.toString());
        }
        return withCompleteArns(settings, states);
    }

    /** The settings with the complete ARN of each Secrets Manager secret that exists (diff, status). */
    public static GoawsSettings withCompleteArns(GoawsSettings settings, List<State> states) {
        Map<String, String> arns = new LinkedHashMap<>();
        for (State state : states) {
            if (state.exists() && state.reference() instanceof SecretReference.SecretsManager) {
                arns.put(state.variable(), state.arn());
            }
        }
        return arns.isEmpty() ? settings
                : settings.toBuilder().app(settings.app().withCompleteArns(arns)).build();
    }

    private static State state(GoawsSettings settings, SsmClient ssm, SecretsManagerClient secretsManager,
            String variable, SecretReference reference) {
        String location = reference.describe(settings.parameterPath());
        if (reference instanceof SecretReference.Ssm parameter) {
            Optional<ParameterMetadata> metadata = ssmMetadata(ssm, parameter.parameterName(settings.parameterPath()));
            return new State(variable, reference, location, metadata.isPresent(),
                    metadata.map(ParameterMetadata::lastModifiedDate).orElse(null), null,
                    metadata.filter(m -> m.type() != ParameterType.SECURE_STRING)
                            .map(m -> "a " + m.typeAsString() + " parameter, not encrypted: set it again with"
                                    + " goaws:secret to make it a SecureString").orElse(null));
        }
        SecretReference.SecretsManager secret = (SecretReference.SecretsManager) reference;
        Optional<DescribeSecretResponse> described = describe(secretsManager, secret);
        if (described.isPresent() && described.get().deletedDate() != null) {
            return new State(variable, reference, location, false, null, null, "scheduled for deletion on "
                    + described.get().deletedDate() + ": restore it (aws secretsmanager restore-secret) or set it"
                    + " again after it is gone");
        }
        return new State(variable, reference, location, described.isPresent(), described.map(d ->
                d.lastChangedDate() != null ? d.lastChangedDate() : d.createdDate()).orElse(null),
                described.map(DescribeSecretResponse::arn).orElse(null), null);
    }

    private static Optional<ParameterMetadata> ssmMetadata(SsmClient ssm, String name) {
        // DescribeParameters: the metadata without the value (GetParameter would return it).
        return ssm.describeParametersPaginator(b -> b.parameterFilters(f -> f.key("Name").option("Equals")
                .values(name))).stream().flatMap(page -> page.parameters().stream())
                .filter(p -> p.name().equals(name)).findFirst();
    }

    private static Optional<DescribeSecretResponse> describe(SecretsManagerClient client,
            SecretReference.SecretsManager secret) {
        try {
            return Optional.of(client.describeSecret(b -> b.secretId(secret.secretId())));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Writes {@code value} into the declared secret {@code variable}: an SSM SecureString or Secrets Manager. */
    static void set(GoawsSettings settings, AwsTarget.AwsSession aws, String variable, String value, Reporter out) {
        SecretReference reference = settings.app().secrets().get(variable);
        String location = reference.describe(settings.parameterPath());
        String kmsKey = settings.app().secretsKmsKey();
        if (value.length() < MIN_MASKED_LENGTH) {
            out.warn(variable + "'s value is shorter than " + MIN_MASKED_LENGTH + " characters: goaws does not mask"
                    + " values that short in logs (they would mask ordinary words), and it is easy to guess.");
        }
        try (SsmClient ssm = aws.ssm(); SecretsManagerClient secretsManager = aws.secretsManager()) {
            boolean existed;
            if (reference instanceof SecretReference.Ssm parameter) {
                if (value.length() > MAX_SSM_VALUE) {
                    throw new InvalidSettingException(SecretReference.SETTING, variable + "'s value has "
                            + value.length() + " characters; a standard SSM parameter takes " + MAX_SSM_VALUE
                            + ": declare it as secretsmanager:<name> instead (up to 64 KiB).");
                }
                String name = parameter.parameterName(settings.parameterPath());
                existed = ssmMetadata(ssm, name).isPresent();
                ssm.putParameter(b -> {
                    b.name(name).value(value).type(ParameterType.SECURE_STRING)
                            .description("goaws secret " + variable + " of " + settings.stackName(
                                    dev.goaws.core.StackKind.CONTAINER));
                    if (kmsKey != null) {
                        b.keyId(kmsKey);
                    }
                    if (existed) {
                        b.overwrite(true); // SSM takes tags only on creation, never with overwrite
                    } else if (!settings.resourceTags().isEmpty()) {
                        b.tags(ssmTags(settings));
                    }
                });
            } else {
                existed = setSecretsManager(settings, secretsManager, variable,
                        (SecretReference.SecretsManager) reference, value, kmsKey);
            }
            out.info((existed ? "Changed " : "Created ") + variable + " (" + location + ") in " + aws.environment()
                    + ". Running tasks keep the old value until they are replaced: deploy, or force a new deployment.");
        } catch (SdkException e) {
            // An AWS validation message can quote the input: the value is masked in whatever we repeat.
            throw new DeployException("Cannot set " + variable + " (" + location + ") in " + aws.environment() + ": "
                    + mask(e.getMessage(), value));
        }
    }

    private static boolean setSecretsManager(GoawsSettings settings, SecretsManagerClient client, String variable,
            SecretReference.SecretsManager secret, String value, String kmsKey) {
        Optional<DescribeSecretResponse> described = describe(client, secret);
        if (described.isPresent() && described.get().deletedDate() != null) {
            throw new DeployException(variable + " (" + secret.describe(null) + ") is scheduled for deletion:"
                    + " restore it first (aws secretsmanager restore-secret --secret-id " + secret.secretId() + ").");
        }
        String secretString = value;
        if (secret.jsonKey() != null) {
            ObjectNode object = JSON.createObjectNode();
            if (described.isPresent()) {
                String current = client.getSecretValue(b -> b.secretId(secret.secretId())).secretString();
                object = jsonObject(current, variable, secret);
            }
            object.put(secret.jsonKey(), value);
            secretString = object.toString();
        }
        if (secretString.length() > MAX_SECRETS_MANAGER_VALUE) {
            throw new InvalidSettingException(SecretReference.SETTING, variable + "'s value is longer than Secrets"
                    + " Manager's " + MAX_SECRETS_MANAGER_VALUE + " characters.");
        }
        String finalString = secretString;
        if (described.isPresent()) {
            client.putSecretValue(b -> b.secretId(secret.secretId()).secretString(finalString));
            return true;
        }
        if (secret.name() == null) {
            throw new DeployException(variable + " names the secret " + secret.arn() + ", which does not exist in this"
                    + " account and region: a secret's ARN is only known once it exists. Declare it by name"
                    + " (secretsmanager:" + secret.secretName() + ") to let goaws:secret create it, or fix the ARN.");
        }
        client.createSecret(b -> {
            b.name(secret.name()).secretString(finalString).description("goaws secret " + variable + " of "
                    + settings.stackName(dev.goaws.core.StackKind.CONTAINER));
            if (kmsKey != null) {
                b.kmsKeyId(kmsKey);
            }
            if (!settings.resourceTags().isEmpty()) {
                b.tags(settings.resourceTags().entrySet().stream().map(t -> software.amazon.awssdk.services
                        .secretsmanager.model.Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList());
            }
        });
        return false;
    }

    private static ObjectNode jsonObject(String current, String variable, SecretReference.SecretsManager secret) {
        try {
            JsonNode node = current == null ? null : JSON.readTree(current);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (JsonProcessingException e) {
            // not JSON: said below, without its content
        }
        throw new DeployException(variable + " reads the key '" + secret.jsonKey() + "' of " + secret.describe(null)
                + ", but that secret's value is not a JSON object; goaws does not overwrite it. Declare the secret"
                + " without a key (secretsmanager:" + secret.secretName() + "), or make its value a JSON object.");
    }

    private static List<software.amazon.awssdk.services.ssm.model.Tag> ssmTags(GoawsSettings settings) {
        return settings.resourceTags().entrySet().stream().map(t -> software.amazon.awssdk.services.ssm.model.Tag
                .builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }

    /** {@code text} with every occurrence of {@code value} replaced. */
    static String mask(String text, String value) {
        return text == null || value.isEmpty() ? text : text.replace(value, "****");
    }
}
