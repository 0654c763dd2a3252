package dev.goaws.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where ECS takes one of the app's secrets from: an SSM parameter or a Secrets Manager secret. Only a reference:
 * goaws never holds a secret's value in its settings, templates or logs.
 */
public sealed interface SecretReference {

    /** The parameter of {@code goaws.secrets}, named in every refusal. */
    String SETTING = "goaws.secrets";

    /** How a user writes it: {@code ssm:/shop/db-password}, {@code secretsmanager:shop/api:key}. */
    String declared();

    /** A short human description of what it points to, for listings and messages (never the value). */
    String describe(String parameterPath);

    /**
     * An SSM parameter (a {@code SecureString}, as {@code goaws:secret} writes it). Absolute ({@code /shop/prod/x})
     * or relative to the stage's parameter path: {@code db-password} is {@code <parameterPath>/secrets/db-password},
     * so stages never share a secret by accident.
     */
    record Ssm(String name) implements SecretReference {
        // SSM's parameter names: letters, digits and _ . - / ; at most 1011 characters with the path.
        private static final Pattern NAME = Pattern.compile("/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

        public Ssm {
            if (name == null || !NAME.matcher(name).matches() || name.length() > 900
                    || name.toLowerCase(java.util.Locale.ROOT).matches("/?(aws|ssm).*")) {
                throw new InvalidSettingException(SETTING, "'ssm:" + name + "' is not an SSM parameter name: use"
                        + " letters, digits, '_', '.', '-' between slashes, not under /aws or /ssm; e.g."
                        + " ssm:/shop/prod/db-password (absolute) or ssm:db-password (under the stage's parameter"
                        + " path, <parameterPrefix>[/<stage>]/secrets/db-password).");
            }
        }

        public boolean absolute() {
            return name.startsWith("/");
        }

        /** The parameter's full name: as given when absolute, else under {@code <parameterPath>/secrets/}. */
        public String parameterName(String parameterPath) {
            return absolute() ? name : parameterPath + "/secrets/" + name;
        }

        @Override
        public String declared() {
            return "ssm:" + name;
        }

        @Override
        public String describe(String parameterPath) {
            return "SSM parameter " + parameterName(parameterPath);
        }
    }

    /**
     * A Secrets Manager secret by name, or by its complete ARN (with the 6-character suffix Secrets Manager adds),
     * optionally one key of its JSON value. {@code completeArn} is the ARN of a secret named by name once goaws
     * looked it up before a deploy (ECS needs the complete ARN; a synthesis without AWS has only the name).
     */
    record SecretsManager(String name, String arn, String jsonKey, String completeArn) implements SecretReference {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
        private static final Pattern ARN = Pattern.compile(
                "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:([A-Za-z0-9/_+=.@-]+)-[A-Za-z0-9]{6}");
        private static final Pattern JSON_KEY = Pattern.compile("[A-Za-z0-9_.@/+=-]{1,256}");

        public SecretsManager {
            if ((name == null) == (arn == null)) {
                throw new IllegalArgumentException("a name or an ARN");
            }
            if (name != null && (!NAME.matcher(name).matches() || name.startsWith("arn:"))) {
                throw new InvalidSettingException(SETTING, "'secretsmanager:" + name + "' is not a Secrets Manager"
                        + " secret name: 1-512 letters, digits or / _ + = . @ -, e.g. secretsmanager:shop/api-key, or"
                        + " the secret's complete ARN.");
            }
            if (arn != null && !ARN.matcher(arn).matches()) {
                throw new InvalidSettingException(SETTING, "'secretsmanager:" + arn + "' is not a complete Secrets"
                        + " Manager ARN: it must end with the 6-character suffix Secrets Manager adds to the name"
                        + " (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf). Copy the ARN from"
                        + " 'aws secretsmanager describe-secret', or give the secret's name instead.");
            }
            if (jsonKey != null && !JSON_KEY.matcher(jsonKey).matches()) {
                throw new InvalidSettingException(SETTING, "'" + jsonKey + "' is not a JSON key ECS can read from a"
                        + " secret: 1-256 letters, digits or _ . @ / + = -.");
            }
        }

        /** The secret's name: as declared, or read from the ARN. */
        public String secretName() {
            if (name != null) {
                return name;
            }
            Matcher m = ARN.matcher(arn);
            if (!m.matches()) {
                throw new IllegalStateException(arn);
            }
            return m.group(1);
        }

        /** The ARN ECS and IAM take: the declared or looked-up complete one, else null (only a name known). */
        public String knownArn() {
            return arn != null ? arn : completeArn;
        }

        /** The same reference with the complete ARN goaws looked up for its name. */
        public SecretsManager withCompleteArn(String lookedUp) {
            return name == null ? this : new SecretsManager(name, null, jsonKey, lookedUp);
        }

        /** The secret's id for the Secrets Manager API: the ARN when known, else the name. */
        public String secretId() {
            return knownArn() != null ? knownArn() : name;
        }

        @Override
        public String declared() {
            return "secretsmanager:" + (name != null ? name : arn) + (jsonKey == null ? "" : ":" + jsonKey);
        }

        @Override
        public String describe(String parameterPath) {
            return "Secrets Manager secret " + secretName() + (jsonKey == null ? "" : ", key " + jsonKey);
        }
    }

    /**
     * Reads one reference as a user writes it: {@code ssm:<name>}, {@code secretsmanager:<name>[:<json-key>]} or
     * {@code secretsmanager:<complete ARN>[:<json-key>]}. {@code variable} (the environment variable it feeds)
     * only goes into the message.
     */
    static SecretReference parse(String variable, String text) {
        String value = text == null ? "" : text.trim();
        if (value.startsWith("ssm:")) {
            return new Ssm(value.substring("ssm:".length()));
        }
        if (value.startsWith("secretsmanager:")) {
            String rest = value.substring("secretsmanager:".length());
            if (rest.startsWith("arn:")) {
                String[] parts = rest.split(":", -1);
                if (parts.length > 8) {
                    throw new InvalidSettingException(SETTING, "'" + value + "' (for " + variable + ") has more"
                            + " than a JSON key after the ARN; goaws reads the current version: write"
                            + " secretsmanager:<complete ARN>[:<json-key>].");
                }
                String arn = String.join(":", java.util.Arrays.copyOf(parts, Math.min(parts.length, 7)));
                return new SecretsManager(null, arn, parts.length == 8 ? emptyToNull(parts[7]) : null, null);
            }
            int colon = rest.indexOf(':');
            return colon < 0 ? new SecretsManager(rest, null, null, null)
                    : new SecretsManager(rest.substring(0, colon), null, emptyToNull(rest.substring(colon + 1)), null);
        }
        // The text is not repeated: it may be the secret's value itself, written where its reference belongs.
        throw new InvalidSettingException(SETTING, "the value given for " + variable + " is not a secret reference"
                + " (not repeated here: it may be the secret itself, which must not be in the POM). Write"
                + " ssm:<parameter name> (e.g. ssm:/shop/prod/db-password, or ssm:db-password under the stage's"
                + " parameter path) or secretsmanager:<name or complete ARN>[:<json-key>] (e.g."
                + " secretsmanager:shop/api-key). The value itself never goes into the POM: set it with"
                + " mvn goaws:secret.");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
