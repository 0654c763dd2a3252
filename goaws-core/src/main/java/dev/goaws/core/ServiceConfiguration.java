package dev.goaws.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the project's own service needs beyond goaws's contract: its plain environment variables, its secrets (as
 * references ECS resolves when a task starts), and extra permissions of its task role. Self-validating: every
 * refusal names the parameter ({@code goaws.environment}, {@code goaws.secrets}, ...) and the fix, and never
 * repeats a value that could be a secret.
 *
 * @param environment     plain variables of the task definition, by name (sorted)
 * @param secrets         variables ECS injects from SSM or Secrets Manager, by name (sorted)
 * @param notSecret       names in {@code environment} that look like secrets but are not (the explicit override)
 * @param taskPolicy      statements for the task role, or null
 * @param managedPolicies managed policy ARNs for the task role
 * @param secretsKmsKey   the customer-managed KMS key the secrets are encrypted with, or null (AWS-managed keys)
 */
public record ServiceConfiguration(Map<String, String> environment, Map<String, SecretReference> secrets,
        Set<String> notSecret, TaskPolicy taskPolicy, List<String> managedPolicies, String secretsKmsKey) {

    public static final ServiceConfiguration NONE = new ServiceConfiguration(Map.of(), Map.of(), Set.of(), null,
            List.of(), null);

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    /** The app contract's names: goaws sets them in every task. */
    private static final Set<String> CONTRACT = Set.of(AppEnvironment.PORT, AppEnvironment.REGION);
    /** Names ECS sets in every task itself. */
    private static final List<String> ECS_PREFIXES = List.of("AWS_CONTAINER_", "ECS_CONTAINER_METADATA_URI",
            "ECS_AGENT_URI", "AWS_EXECUTION_ENV");
    /** Words in a name that say the value is a secret ({@code *_KEY} is checked apart: only at the end). */
    private static final List<String> SECRET_WORDS = List.of("PASSWORD", "SECRET", "TOKEN");
    private static final Pattern KMS_KEY = Pattern.compile(
            "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
    private static final Pattern POLICY_ARN = Pattern.compile(
            "arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/([\\w+=,.@-]+/)*([\\w+=,.@-]+)");
    /** AWS-managed policies that allow far more than one app needs. */
    private static final Set<String> TOO_WIDE = Set.of("AdministratorAccess", "PowerUserAccess", "IAMFullAccess");
    /** IAM's default quota of managed policies per role. */
    static final int MAX_MANAGED_POLICIES = 10;
    /** ECS's limit is 64 KiB per task definition; goaws's own part takes a few KiB of it. */
    static final int MAX_CHARACTERS = 60_000;

    public ServiceConfiguration {
        environment = Collections.unmodifiableMap(new TreeMap<>(environment == null ? Map.of() : environment));
        secrets = Collections.unmodifiableMap(new TreeMap<>(secrets == null ? Map.of() : secrets));
        notSecret = Collections.unmodifiableSet(new TreeSet<>(notSecret == null ? Set.of() : notSecret));
        managedPolicies = List.copyOf(managedPolicies == null ? List.of() : managedPolicies);
        secretsKmsKey = Strings.blankToNull(secretsKmsKey);
        validate(environment, secrets, notSecret, managedPolicies, secretsKmsKey);
    }

    /**
     * Builds the configuration from what a user writes: environment and secrets from the POM's maps with the
     * command line's {@code NAME=value,...} over them, the comma-separated lists, and the task policy file.
     */
    public static ServiceConfiguration of(Map<String, String> environment, String environmentProperty,
            Map<String, String> secrets, String secretsProperty, String notSecret, java.nio.file.Path taskPolicy,
            String managedPolicies, String secretsKmsKey) {
        Map<String, String> variables = merge(environment, parsePairs("goaws.environment", environmentProperty));
        Map<String, SecretReference> references = new LinkedHashMap<>();
        merge(secrets, parsePairs(SecretReference.SETTING, secretsProperty)).forEach((name, reference) ->
                references.put(name, SecretReference.parse(name, reference)));
        return new ServiceConfiguration(variables, references, Set.copyOf(parseList(notSecret)),
                taskPolicy == null ? null : TaskPolicy.read(taskPolicy), parseList(managedPolicies), secretsKmsKey);
    }

    /** True when the project configures nothing beyond goaws's contract. */
    public boolean isEmpty() {
        return environment.isEmpty() && secrets.isEmpty() && taskPolicy == null && managedPolicies.isEmpty();
    }

    /** The same configuration with each Secrets Manager secret named by name given its looked-up complete ARN. */
    public ServiceConfiguration withCompleteArns(Map<String, String> arnsByVariable) {
        Map<String, SecretReference> resolved = new TreeMap<>(secrets);
        arnsByVariable.forEach((variable, arn) -> {
            if (resolved.get(variable) instanceof SecretReference.SecretsManager sm) {
                resolved.put(variable, sm.withCompleteArn(arn));
            }
        });
        return new ServiceConfiguration(environment, resolved, notSecret, taskPolicy, managedPolicies, secretsKmsKey);
    }

    /**
     * {@code NAME=value,NAME2=value2} (a {@code -D} property; Maven cannot bind one to a map). A value with a comma
     * belongs in the POM. {@code null} or blank: none.
     */
    static Map<String, String> parsePairs(String setting, String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return pairs;
        }
        int index = 0;
        for (String pair : text.split(",")) {
            index++;
            int eq = pair.indexOf('=');
            if (eq < 1) {
                // Not repeated: the text may hold a value that is secret.
                throw new InvalidSettingException(setting, "entry " + index + " is not NAME=value: write " + setting
                        + " as comma-separated pairs, e.g. -D" + setting + "=FEATURE_X=on,LOG_LEVEL=debug (a value"
                        + " with a comma goes into the POM).");
            }
            String name = pair.substring(0, eq).trim();
            if (pairs.put(name, pair.substring(eq + 1).trim()) != null) {
                throw new InvalidSettingException(setting, name + " is given twice.");
            }
        }
        return pairs;
    }

    private static Map<String, String> merge(Map<String, String> pom, Map<String, String> commandLine) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (pom != null) {
            // Maven gives an empty element as null: an empty value.
            pom.forEach((name, value) -> merged.put(name, value == null ? "" : value));
        }
        merged.putAll(commandLine);
        return merged;
    }

    private static List<String> parseList(String text) {
        List<String> items = new ArrayList<>();
        if (text != null) {
            for (String item : text.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    private static void validate(Map<String, String> environment, Map<String, SecretReference> secrets,
            Set<String> notSecret, List<String> managedPolicies, String secretsKmsKey) {
        int characters = 0;
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            checkName("goaws.environment", name);
            if (looksSecret(name) && !notSecret.contains(name)) {
                throw new InvalidSettingException("goaws.environment", name + " looks like a secret (its name has "
                        + secretWord(name) + "), and a plain variable is readable by anyone who may describe the"
                        + " task definition. Use <secrets>: <secrets><" + name + ">ssm:" + name.toLowerCase(Locale.ROOT)
                        .replace('_', '-') + "</" + name + "></secrets>, its value set with mvn goaws:secret"
                        + " -Dgoaws.secretName=" + name + ". If the value is not secret, list the name in"
                        + " goaws.notSecret.");
            }
            if (secrets.containsKey(name)) {
                throw new InvalidSettingException("goaws.environment", name + " is in both <environment> and"
                        + " <secrets>: keep it in one.");
            }
            characters += name.length() + variable.getValue().length();
        }
        for (Map.Entry<String, SecretReference> secret : secrets.entrySet()) {
            checkName(SecretReference.SETTING, secret.getKey());
            characters += secret.getKey().length() + secret.getValue().declared().length() + 60;
        }
        if (characters > MAX_CHARACTERS) {
            throw new InvalidSettingException("goaws.environment", "the variables and secrets take " + characters
                    + " characters; ECS accepts at most 64 KiB per task definition (goaws's own part included), so"
                    + " goaws takes at most " + MAX_CHARACTERS + ". Move large values into a file or a parameter the"
                    + " app reads.");
        }
        if (secretsKmsKey != null && !KMS_KEY.matcher(secretsKmsKey).matches()) {
            throw new InvalidSettingException("goaws.secretsKmsKey", "'" + secretsKmsKey + "' is not a KMS key"
                    + " ARN: arn:aws:kms:<region>:<account>:key/<key id> (an alias cannot be granted kms:Decrypt).");
        }
        if (secretsKmsKey != null && secrets.isEmpty()) {
            throw new InvalidSettingException("goaws.secretsKmsKey", "names a key, but no goaws.secrets are"
                    + " declared: the key is only for the secrets' decryption; declare them, or leave it unset.");
        }
        if (managedPolicies.size() > MAX_MANAGED_POLICIES) {
            throw new InvalidSettingException("goaws.managedPolicies", managedPolicies.size() + " policies: a role"
                    + " takes at most " + MAX_MANAGED_POLICIES + " managed policies (IAM's default quota); combine"
                    + " them, or put the statements into goaws.taskPolicy.");
        }
        Set<String> seen = new java.util.HashSet<>();
        for (String arn : managedPolicies) {
            var m = POLICY_ARN.matcher(arn);
            if (!m.matches()) {
                throw new InvalidSettingException("goaws.managedPolicies", "'" + arn + "' is not a managed policy"
                        + " ARN: arn:aws:iam::aws:policy/<name> (AWS-managed) or arn:aws:iam::<account>:policy/<name>"
                        + " (yours), comma-separated.");
            }
            String name = m.group(3);
            if (m.group(1).equals("aws") && (TOO_WIDE.contains(name) || name.endsWith("FullAccess"))) {
                throw new InvalidSettingException("goaws.managedPolicies", name + " allows every action of a service"
                        + " (or of all of them) on every resource, which goaws refuses for a task role: name the"
                        + " actions and resources the app needs in goaws.taskPolicy, or a narrower policy.");
            }
            if (!seen.add(arn)) {
                throw new InvalidSettingException("goaws.managedPolicies", arn + " is given twice.");
            }
        }
    }

    private static void checkName(String setting, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSettingException(setting, "'" + name + "' is not a variable name: a letter or '_',"
                    + " then letters, digits or '_' ([A-Za-z_][A-Za-z0-9_]*), e.g. FEATURE_FLAGS.");
        }
        if (CONTRACT.contains(name) || name.startsWith("GOAWS_")) {
            throw new InvalidSettingException(setting, name + " is set by goaws itself (the app contract: PORT,"
                    + " AWS_REGION and the GOAWS_* names): choose another name.");
        }
        for (String prefix : ECS_PREFIXES) {
            if (name.startsWith(prefix)) {
                throw new InvalidSettingException(setting, name + " is set by ECS itself in every task: choose"
                        + " another name.");
            }
        }
    }

    private static boolean looksSecret(String name) {
        return secretWord(name) != null;
    }

    private static String secretWord(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (upper.contains(word)) {
                return word;
            }
        }
        return upper.endsWith("_KEY") ? "_KEY" : null;
    }
}
