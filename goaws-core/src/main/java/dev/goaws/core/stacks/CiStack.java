package dev.goaws.core.stacks;

import dev.goaws.core.CiSettings;
import dev.goaws.core.SecretReference;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.OidcProviderNative;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.WebIdentityPrincipal;
import software.constructs.Construct;

/**
 * What GitHub Actions needs to deploy without keys: GitHub's OIDC identity provider (or the account's existing one)
 * and two roles only the repository's workflows can assume. The deploy role trusts tokens of pushes to the deploy
 * refs; the preview role trusts pull requests. Neither holds a write permission of its own: they may assume the
 * CDK bootstrap roles of this account and region (the deploy role all of them; the preview role only the lookup
 * role, or all of them when pull requests deploy preview stages) and read what {@code goaws:diff},
 * {@code goaws:status} and {@code goaws:destroy} read of this project's stacks.
 */
public final class CiStack extends Stack {
    public static final String OUTPUT_DEPLOY_ROLE = "DeployRoleArn";
    public static final String OUTPUT_PREVIEW_ROLE = "PreviewRoleArn";
    public static final String OUTPUT_REGION = "Region";
    public static final String OUTPUT_REPOSITORY = "Repository";
    public static final String OUTPUT_DEPLOY_REFS = "DeployRefs";
    public static final String OUTPUT_PREVIEWS = "Previews";
    /** The audience configure-aws-credentials asks GitHub to put into the token. */
    public static final String AUDIENCE = "sts.amazonaws.com";

    /** The CDK bootstrap's roles (default qualifier) that the cdk CLI and a Jib push assume. */
    public enum BootstrapRole {
        /** CloudFormation deploys, change sets and diffs; passes the bootstrap's execution role. */
        DEPLOY("deploy"),
        /** Uploads templates and file assets to the bootstrap bucket. */
        FILE_PUBLISHING("file-publishing"),
        /** Pushes images to the bootstrap's ECR repository (what the workflow's Jib push assumes). */
        IMAGE_PUBLISHING("image-publishing"),
        /** Read-only: templates for a diff. */
        LOOKUP("lookup");

        private final String id;

        BootstrapRole(String id) {
            this.id = id;
        }

        /** {@code cdk-hnb659fds-<id>-role-<account>-<region>}. */
        public String roleName(String account, String region) {
            return "cdk-" + DefaultStackSynthesizer.DEFAULT_QUALIFIER + "-" + id + "-role-" + account + "-" + region;
        }
    }

    private final Role deployRole;
    private final Role previewRole;

    public CiStack(Construct scope, CiSettings settings) {
        this(scope, settings, Map.of());
    }

    /**
     * With the app's declared {@code secrets} (goaws.secrets): a deploy and a diff first check that each exists,
     * reading its metadata (never its value), so both roles may read the metadata of exactly those secrets.
     */
    public CiStack(Construct scope, CiSettings settings, Map<String, SecretReference> secrets) {
        super(scope, settings.stackName(), StackProps.builder()
                .description("goaws: keyless deploys from GitHub Actions of " + settings.repository().slug())
                .tags(new TreeMap<>(settings.tags()))
                .build());
        String provider = settings.oidcProviderArn() != null ? settings.oidcProviderArn()
                : OidcProviderNative.Builder.create(this, "GitHubOidcProvider")
                        .url("https://" + CiSettings.TOKEN_ISSUER)
                        .clientIds(List.of(AUDIENCE))
                        .build().getOidcProviderArn();
        List<String> deploySubjects = settings.deployRefs().stream().map(settings.repository()::refSubject)
                .toList();
        deployRole = role("DeployRole", provider, deploySubjects, "deploys " + settings.repository().slug()
                + " from " + String.join(", ", settings.deployRefs()), settings, secrets, List.of(BootstrapRole.values()));
        previewRole = role("PreviewRole", provider, List.of(settings.repository().pullRequestSubject()),
                (settings.previews() ? "diffs and deploys preview stages of " : "diffs ")
                        + settings.repository().slug() + " for pull requests", settings, secrets,
                settings.previews() ? List.of(BootstrapRole.values()) : List.of(BootstrapRole.LOOKUP));
        outputs(settings);
        // Stack tags reach the resources only at deploy time; these are in the template, as on the other stacks.
        new TreeMap<>(settings.tags()).forEach((key, value) -> Tags.of(this).add(key, value));
    }

    public Role deployRole() {
        return deployRole;
    }

    public Role previewRole() {
        return previewRole;
    }

    /**
     * A role that only GitHub's tokens for {@code subjects} (and this account's audience) can assume, with
     * AssumeRole on {@code bootstrapRoles} and the project's read actions as its only permissions.
     */
    private Role role(String id, String provider, List<String> subjects, String purpose, CiSettings settings,
            Map<String, SecretReference> secrets, List<BootstrapRole> bootstrapRoles) {
        // Sorted maps: the template must not change between two syntheses (Map.of iterates in a random order).
        Map<String, Object> claims = new TreeMap<>(Map.of(
                CiSettings.TOKEN_ISSUER + ":aud", AUDIENCE,
                CiSettings.TOKEN_ISSUER + ":sub", subjects));
        Role role = Role.Builder.create(this, id)
                .description(truncate("goaws: GitHub Actions " + purpose, 1000))
                .assumedBy(new WebIdentityPrincipal(provider, Map.of("StringEquals", claims)))
                .maxSessionDuration(Duration.hours(1))
                .inlinePolicies(Map.of("goaws", PolicyDocument.Builder.create()
                        .statements(permissions(settings, secrets, bootstrapRoles)).build()))
                .build();
        suppressNagFindings(role, settings);
        return role;
    }

    private List<PolicyStatement> permissions(CiSettings settings, Map<String, SecretReference> secrets,
            List<BootstrapRole> bootstrapRoles) {
        List<PolicyStatement> statements = new java.util.ArrayList<>(projectPermissions(settings, bootstrapRoles));
        statements.add(denySecretValues(settings, secrets));
        // ServiceSecrets' check before a deploy or diff: DescribeSecret and DescribeParameters answer metadata only
        // (GetSecretValue and GetParameter would answer the value, and neither is granted).
        List<String> secretArns = new TreeMap<>(secrets).values().stream()
                .filter(SecretReference.SecretsManager.class::isInstance).map(SecretReference.SecretsManager.class::cast)
                .map(s -> s.arn() != null ? s.arn() : arn("secretsmanager", "secret:" + s.secretName() + "-??????"))
                .distinct().toList();
        if (!secretArns.isEmpty()) {
            statements.add(statement("DescribeDeclaredSecrets", List.of("secretsmanager:DescribeSecret"), secretArns));
        }
        if (secrets.values().stream().anyMatch(SecretReference.Ssm.class::isInstance)) {
            statements.add(statement("DescribeParameters", List.of("ssm:DescribeParameters"), List.of("*")));
        }
        return statements;
    }

    /**
     * ReadParameters allows the project's parameters, and goaws:secret keeps a stage's SSM secrets among them
     * ({@code <parameterPath>/secrets/}): their values stay out of reach (SecureStrings under the account's
     * aws/ssm key decrypt for any principal that may get the parameter), as do declared secrets named elsewhere
     * under the prefix. A pull request's code runs with the pull-request role, so this matters most there.
     */
    private static PolicyStatement denySecretValues(CiSettings settings, Map<String, SecretReference> secrets) {
        java.util.Set<String> names = new java.util.TreeSet<>(List.of(settings.parameterPrefix() + "/secrets/*",
                settings.parameterPrefix() + "/*/secrets/*"));
        secrets.values().stream().filter(SecretReference.Ssm.class::isInstance).map(SecretReference.Ssm.class::cast)
                .filter(SecretReference.Ssm::absolute).forEach(p -> names.add(p.name()));
        return PolicyStatement.Builder.create().sid("DenySecretValues").effect(Effect.DENY)
                .actions(List.of("ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory",
                        "ssm:GetParametersByPath"))
                .resources(names.stream().map(n -> arn("ssm", "parameter" + n)).toList()).build();
    }

    private List<PolicyStatement> projectPermissions(CiSettings settings, List<BootstrapRole> bootstrapRoles) {
        String stacks = settings.stackPrefix() + "-*";
        return List.of(
                statement("AssumeCdkBootstrapRoles", List.of("sts:AssumeRole"),
                        bootstrapRoles.stream().map(CiStack::bootstrapRoleArn).toList()),
                statement("ReadStacks", List.of("cloudformation:DescribeStackResources",
                        "cloudformation:DescribeStacks", "cloudformation:GetTemplate"),
                        List.of(arn("cloudformation", "stack/" + stacks + "/*"))),
                statement("ReadParameters", List.of("ssm:GetParameter", "ssm:GetParameters"), List.of(
                        arn("ssm", "parameter" + settings.parameterPrefix() + "/*"),
                        arn("ssm", "parameter/cdk-bootstrap/" + DefaultStackSynthesizer.DEFAULT_QUALIFIER + "/version"))),
                // CloudFormation names the cluster, the service, its tasks and the table after the stack.
                statement("ReadService", List.of("ecs:DescribeServices", "ecs:DescribeTasks"), List.of(
                        arn("ecs", "service/" + stacks), arn("ecs", "task/" + stacks))),
                PolicyStatement.Builder.create().sid("ListServiceTasks").effect(Effect.ALLOW)
                        .actions(List.of("ecs:ListTasks")).resources(List.of("*"))
                        .conditions(Map.of("ArnLike", Map.of("ecs:cluster", arn("ecs", "cluster/" + stacks))))
                        .build(),
                statement("ReadTables", List.of("dynamodb:DescribeTable", "dynamodb:ListTagsOfResource"),
                        List.of(arn("dynamodb", "table/" + stacks))),
                statement("ListWithoutResourceLevelPermissions", List.of("dynamodb:ListTables",
                        "elasticloadbalancing:DescribeTargetHealth"), List.of("*")));
    }

    /** The resources with a wildcard, as cdk-nag's IAM5 names them ({@code <AWS::Region>} for a pseudo parameter). */
    private static List<String> wildcardResources(CiSettings settings) {
        String stacks = settings.stackPrefix() + "-*";
        return List.of("*",
                nagForm(arnTemplate("cloudformation", "stack/" + stacks + "/*")),
                nagForm(arnTemplate("ssm", "parameter" + settings.parameterPrefix() + "/*")),
                nagForm(arnTemplate("ecs", "service/" + stacks)),
                nagForm(arnTemplate("ecs", "task/" + stacks)),
                nagForm(arnTemplate("dynamodb", "table/" + stacks)));
    }

    private static String nagForm(String template) {
        return template.replace("${", "<").replace("}", ">");
    }

    /** IAM role descriptions hold at most 1000 characters. */
    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static PolicyStatement statement(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources)
                .build();
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>} of this stack's account and region. */
    private static String arn(String service, String resource) {
        return Fn.sub(arnTemplate(service, resource));
    }

    private static String arnTemplate(String service, String resource) {
        return "arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + resource;
    }

    /** The bootstrap role of this stack's account and region (IAM ARNs have no region). */
    public static String bootstrapRoleArn(BootstrapRole role) {
        return Fn.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                + role.roleName("${AWS::AccountId}", "${AWS::Region}"));
    }

    private void outputs(CiSettings settings) {
        CfnOutput.Builder.create(this, OUTPUT_DEPLOY_ROLE).value(deployRole.getRoleArn())
                .description("Role the workflow's deploy job assumes (pushes to the deploy refs)").build();
        CfnOutput.Builder.create(this, OUTPUT_PREVIEW_ROLE).value(previewRole.getRoleArn())
                .description("Role the workflow's pull-request jobs assume").build();
        CfnOutput.Builder.create(this, OUTPUT_REGION).value(Aws.REGION)
                .description("Region whose CDK bootstrap roles the roles may assume").build();
        CfnOutput.Builder.create(this, OUTPUT_REPOSITORY).value(settings.repository().slug())
                .description("The only GitHub repository whose workflows may assume the roles").build();
        CfnOutput.Builder.create(this, OUTPUT_DEPLOY_REFS).value(String.join(",", settings.deployRefs()))
                .description("The refs whose pushes may assume the deploy role").build();
        CfnOutput.Builder.create(this, OUTPUT_PREVIEWS).value(Boolean.toString(settings.previews()))
                .description("Whether the pull-request role may deploy preview stages").build();
    }

    /** The wildcards cdk-nag's IAM5 reports, each accepted with the reason an auditor can check. */
    private static void suppressNagFindings(Role role, CiSettings settings) {
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .appliesTo(wildcardResources(settings).stream().map(r -> (Object) ("Resource::" + r)).toList())
                .reason("Read-only actions, each as narrow as IAM allows: the stacks, tasks, services, clusters and"
                        + " tables CloudFormation names after this project's stacks (" + settings.stackPrefix()
                        + "-*; a stack ARN ends in its generated id), the SSM parameters under "
                        + settings.parameterPrefix() + "/, and on '*' only dynamodb:ListTables and"
                        + " elasticloadbalancing:DescribeTargetHealth (no resource-level permissions exist for them)"
                        + " and ecs:ListTasks (limited by its ecs:cluster condition), and ssm:DescribeParameters (names and"
                        + " metadata, no value) when the app declares SSM secrets. No write action: every change"
                        + " goes through the CDK bootstrap roles.")
                .build()), false);
    }
}
