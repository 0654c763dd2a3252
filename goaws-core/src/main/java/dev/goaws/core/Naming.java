package dev.goaws.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the stacks and their parameters are called: the stack names, the SSM path through which the stacks find
 * each other, the stage that keeps copies apart, and the tags on every resource. Validates itself on creation.
 *
 * @param stackPrefix     {@code goaws.stackPrefix}
 * @param parameterPrefix {@code goaws.parameterPrefix}
 * @param stage           {@code goaws.stage}; null: none
 * @param tags            {@code goaws.tags}
 */
public record Naming(String stackPrefix, String parameterPrefix, String stage, Map<String, String> tags) {
    public static final String DEFAULT_STACK_PREFIX = "goaws";
    /** The go-on-aws book's parameter names: {@code /go-on-aws/vpc}, {@code /go-on-aws/table}. */
    public static final String DEFAULT_PARAMETER_PREFIX = "/go-on-aws";
    /** The tag every resource of a stage carries (beside {@link #tags()}). */
    public static final String STAGE_TAG = "goaws:stage";

    private static final Pattern STACK_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,99}");
    private static final Pattern PARAMETER_PREFIX = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    // A stage goes into stack names, an SSM path segment and a tag value: lower case keeps 'Dev' and 'dev' apart
    // from being two stacks of one parameter path on a case-insensitive reading.
    private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    // CloudFormation's tag rules: keys 1-128 and values 0-256 of letters, digits, spaces and _ . : / = + - @.
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{N} _.:/=+\\-@]{1,128}");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{N} _.:/=+\\-@]{0,256}");
    /** CloudFormation refuses stack names longer than this. */
    private static final int MAX_STACK_NAME = 128;

    // Last: the defaults are validated like any other value, with the patterns above.
    public static final Naming DEFAULTS = new Naming(DEFAULT_STACK_PREFIX, DEFAULT_PARAMETER_PREFIX, null, Map.of());

    public Naming {
        stage = Strings.blankToNull(stage);
        tags = tags == null ? Map.of() : tags;
        Settings.require("goaws.stackPrefix", stackPrefix != null && STACK_PREFIX.matcher(stackPrefix).matches(),
                "'" + stackPrefix + "' cannot start a CloudFormation stack name: use a letter followed by"
                        + " letters, digits or '-' (at most 100 characters), e.g. 'shop'.");
        Settings.require("goaws.parameterPrefix", parameterPrefix != null
                        && PARAMETER_PREFIX.matcher(parameterPrefix).matches()
                        && !parameterPrefix.toLowerCase(Locale.ROOT).matches("/(aws|ssm).*")
                        && parameterPrefix.length() <= 900,
                "'" + parameterPrefix + "' is not an SSM parameter path: start with '/', use letters, digits,"
                        + " '_', '.', '-' between slashes, no trailing '/', not under /aws or /ssm;"
                        + " e.g. '/go-on-aws'.");
        Settings.require("goaws.stage", stage == null || STAGE.matcher(stage).matches(),
                "'" + stage + "' is not a stage name: use a lower-case letter followed by up to 19 lower-case"
                        + " letters, digits or '-', e.g. 'dev' or 'prod'.");
        Settings.require("goaws.stage", stackPrefix.length() + (stage == null ? 0 : stage.length() + 1)
                        + "-container".length() <= MAX_STACK_NAME,
                "stackPrefix '" + stackPrefix + "' and stage '" + stage + "' make stack names longer than "
                        + MAX_STACK_NAME + " characters, which CloudFormation refuses: shorten either.");
        Settings.require("goaws.tags", tags.size() <= 40,
                tags.size() + " tags: goaws.tags takes at most 40 (CloudFormation allows 50 per stack, goaws"
                        + " adds its own).");
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            Settings.require("goaws.tags", key != null && TAG_KEY.matcher(key).matches()
                            && !key.toLowerCase(Locale.ROOT).startsWith("aws:"),
                    "tag key '" + key + "' is not a CloudFormation tag key: 1-128 letters, digits, spaces or"
                            + " _ . : / = + - @, not starting with 'aws:'; e.g. goaws.tags=team=a,cost-center=b.");
            Settings.require("goaws.tags", !key.equals(STAGE_TAG),
                    "tag key '" + STAGE_TAG + "' is goaws's own: set the stage with goaws.stage.");
            Settings.require("goaws.tags", tag.getValue() != null && TAG_VALUE.matcher(tag.getValue()).matches(),
                    "the value of tag '" + key + "' is not a CloudFormation tag value: at most 256 letters,"
                            + " digits, spaces or _ . : / = + - @.");
        }
        // sorted: the settings' text is an input of the synthesis cache and must not change order between JVMs
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** {@code goaws-vpc} without a stage, {@code goaws-dev-vpc} in stage {@code dev}. */
    public String stackName(StackKind kind) {
        return stackPrefix + (stage == null ? "" : "-" + stage) + "-" + kind.id();
    }

    /** The SSM path of this stage's parameters: {@code /go-on-aws} without a stage, {@code /go-on-aws/dev} in dev. */
    public String parameterPath() {
        return parameterPrefix + (stage == null ? "" : "/" + stage);
    }

    /** Every tag of every resource: {@link #tags()} and, in a stage, {@value #STAGE_TAG}. */
    public Map<String, String> resourceTags() {
        Map<String, String> all = new TreeMap<>(tags);
        if (stage != null) {
            all.put(STAGE_TAG, stage);
        }
        return all;
    }

    /** SSM parameter holding the VPC id: exactly {@code /go-on-aws/vpc} with the default prefix and no stage. */
    public String vpcIdParameter() {
        return parameterPath() + "/vpc";
    }

    public String vpcAzsParameter() {
        return parameterPath() + "/vpc-azs";
    }

    public String vpcPublicSubnetsParameter() {
        return parameterPath() + "/vpc-public-subnets";
    }

    public String vpcPrivateSubnetsParameter() {
        return parameterPath() + "/vpc-private-subnets";
    }

    /** SSM parameter holding the table name; the app reads it at run time. */
    public String tableParameter() {
        return parameterPath() + "/table";
    }

    /**
     * Parses {@code goaws.tags}: {@code key=value} pairs separated by commas, e.g. {@code team=a,cost-center=b}.
     * {@code null} or blank: none.
     */
    public static Map<String, String> parseTags(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return tags;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new InvalidSettingException("goaws.tags", "'" + pair.trim() + "' is not key=value: write"
                        + " goaws.tags as comma-separated pairs, e.g. team=a,cost-center=b.");
            }
            String key = pair.substring(0, eq).trim();
            if (tags.put(key, pair.substring(eq + 1).trim()) != null) {
                throw new InvalidSettingException("goaws.tags", "tag '" + key + "' is given twice.");
            }
        }
        return tags;
    }
}
