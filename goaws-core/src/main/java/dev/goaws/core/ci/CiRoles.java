package dev.goaws.core.ci;

import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.stacks.CiStack;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles the workflow assumes and the region they work in: the CI stack's outputs, or the user's own
 * ({@code goaws.deployRoleArn}, {@code goaws.previewRoleArn}, {@code goaws.region}).
 */
public record CiRoles(String deployRoleArn, String previewRoleArn, String region) {
    public static final String DEPLOY_ROLE_ARN = "goaws.deployRoleArn";
    public static final String PREVIEW_ROLE_ARN = "goaws.previewRoleArn";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public CiRoles {
        requireRoleArn(DEPLOY_ROLE_ARN, deployRoleArn);
        requireRoleArn(PREVIEW_ROLE_ARN, previewRoleArn);
        if (!account(deployRoleArn).equals(account(previewRoleArn))) {
            throw new InvalidSettingException(PREVIEW_ROLE_ARN, "the deploy role is in account "
                    + account(deployRoleArn) + " and the pull-request role in " + account(previewRoleArn)
                    + ": both come from one CI stack, in the account the workflow deploys to.");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new InvalidSettingException("goaws.region", "'" + region + "' is not an AWS region: the workflow"
                    + " needs the region its roles deploy to, e.g. -Dgoaws.region=eu-central-1.");
        }
    }

    /** The roles in the outputs of a deployed CI stack. */
    static CiRoles fromOutputs(Map<String, String> outputs) {
        return new CiRoles(outputs.get(CiStack.OUTPUT_DEPLOY_ROLE), outputs.get(CiStack.OUTPUT_PREVIEW_ROLE),
                outputs.get(CiStack.OUTPUT_REGION));
    }

    /** The account both roles are in. */
    public String account() {
        return account(deployRoleArn);
    }

    /** {@code aws}, {@code aws-cn}, {@code aws-us-gov}: the partition of the roles' account. */
    public String partition() {
        Matcher m = ROLE_ARN.matcher(deployRoleArn);
        m.matches();
        return m.group(1);
    }

    /** The ARN of a CDK bootstrap role of the roles' account and region. */
    public String bootstrapRoleArn(CiStack.BootstrapRole role) {
        return "arn:" + partition() + ":iam::" + account() + ":role/" + role.roleName(account(), region);
    }

    private static String account(String roleArn) {
        Matcher m = ROLE_ARN.matcher(roleArn);
        m.matches();
        return m.group(2);
    }

    private static void requireRoleArn(String setting, String arn) {
        if (arn == null || !ROLE_ARN.matcher(arn).matches()) {
            throw new InvalidSettingException(setting, "'" + arn + "' is not an IAM role ARN"
                    + " (arn:aws:iam::<account>:role/<name>): use the outputs of the CI stack, mvn goaws:deploy-ci.");
        }
    }
}
