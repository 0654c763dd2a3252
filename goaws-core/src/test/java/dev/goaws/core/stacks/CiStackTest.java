package dev.goaws.core.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.CiSettings;
import dev.goaws.core.GitHubRepository;
import dev.goaws.core.SecretReference;
import dev.goaws.core.synth.Assembly;
import dev.goaws.core.synth.Synthesizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI stack as goaws:deploy-ci synthesizes it (cdk-nag on), read back from the template: who may assume each
 * role (exactly one repository and its refs), and what the roles may do (only assume the CDK bootstrap roles, and
 * read). Every synthesis also passes cfn-lint.
 * Tags: node for the synthesis; moto for cfn-lint, which comes with {@code moto[server]} (docs/TESTING.md).
 */
@Tag("node")
@Tag("moto")
class CiStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "token.actions.githubusercontent.com";
    /** What goaws:diff, status and destroy read with the caller's own credentials (StackReader, ServiceStatus, ...). */
    private static final Set<String> READ_ACTIONS = Set.of("cloudformation:DescribeStackResources",
            "cloudformation:DescribeStacks", "cloudformation:GetTemplate", "ssm:GetParameter", "ssm:GetParameters",
            "ecs:DescribeServices", "ecs:DescribeTasks", "ecs:ListTasks", "dynamodb:DescribeTable",
            "dynamodb:ListTagsOfResource", "dynamodb:ListTables", "elasticloadbalancing:DescribeTargetHealth");

    @TempDir
    static Path work;
    private static JsonNode defaults;
    private static JsonNode previews;
    private static JsonNode withSecrets;

    @BeforeAll
    static void synthesize() throws Exception {
        defaults = synthesize(new CiSettings("goaws", "/go-on-aws", GitHubRepository.parse("acme/shop"),
                List.of("refs/heads/main"), false, null, Map.of()), "defaults");
        previews = synthesize(new CiSettings("shop", "/shop/prod", GitHubRepository.parse("Acme-Corp/shop.web"),
                List.of("refs/heads/main", "refs/tags/v1.2"), true,
                "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
                Map.of("team", "a")), "previews");
        withSecrets = synthesize(new CiSettings("shop", "/shop", GitHubRepository.parse("acme/shop"),
                List.of("refs/heads/main"), false, null, Map.of()), "secrets", new TreeMap<>(Map.of(
                        "DB_PASSWORD", SecretReference.parse("DB_PASSWORD", "ssm:db-password"),
                        "TOKEN", SecretReference.parse("TOKEN", "ssm:/shop/shared/token"),
                        "API_KEY", SecretReference.parse("API_KEY", "secretsmanager:shop/api:key"),
                        "PARTNER", SecretReference.parse("PARTNER", "secretsmanager:"
                                + "arn:aws:secretsmanager:eu-central-1:123456789012:secret:partner-AbCdEf"))));
    }

    private static JsonNode synthesize(CiSettings settings, String name) throws Exception {
        return synthesize(settings, name, Map.of());
    }

    private static JsonNode synthesize(CiSettings settings, String name, Map<String, SecretReference> secrets)
            throws Exception {
        Path out = work.resolve(name);
        Assembly assembly = new Synthesizer(System.getenv()).synthesize(out, true,
                app -> new CiStack(app, settings, secrets));
        Path template = assembly.template(settings.stackName());
        assertEquals(List.of(), CfnLint.findings(template), "cfn-lint on " + template);
        return JSON.readTree(template.toFile());
    }

    @Test
    void theStackCreatesGitHubsOidcProviderForTheStsAudience() {
        List<JsonNode> providers = ofType(defaults, "AWS::IAM::OIDCProvider");
        assertEquals(1, providers.size());
        assertEquals("https://" + ISSUER, providers.get(0).path("Properties").path("Url").asText());
        assertEquals(List.of("sts.amazonaws.com"), texts(providers.get(0).path("Properties").path("ClientIdList")));
    }

    @Test
    void theDeployRoleTrustsOnlyTokensOfTheRepositorysDeployRefs() throws Exception {
        assertEquals(JSON.readTree("""
                {"Action": "sts:AssumeRoleWithWebIdentity", "Effect": "Allow",
                 "Principal": {"Federated": {"Ref": "%s"}},
                 "Condition": {"StringEquals": {
                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub": ["repo:acme/shop:ref:refs/heads/main"]}}}
                """.formatted(logicalId(defaults, "AWS::IAM::OIDCProvider"))), onlyTrustStatement(defaults, "DeployRole"));
    }

    @Test
    void thePreviewRoleTrustsOnlyPullRequestsOfTheRepository() {
        JsonNode trust = onlyTrustStatement(defaults, "PreviewRole");
        assertEquals("sts:AssumeRoleWithWebIdentity", trust.path("Action").asText());
        assertEquals(JSON.createObjectNode().put(ISSUER + ":aud", "sts.amazonaws.com")
                        .set(ISSUER + ":sub", JSON.createArrayNode().add("repo:acme/shop:pull_request")),
                trust.path("Condition").path("StringEquals"));
        assertEquals(1, trust.path("Condition").size(), "no other condition operator: " + trust);
    }

    @Test
    void anExistingProviderIsReferencedAndEveryDeployRefIsASubjectOfItsOwn() {
        assertTrue(ofType(previews, "AWS::IAM::OIDCProvider").isEmpty(), "no second provider for the same issuer");
        JsonNode trust = onlyTrustStatement(previews, "DeployRole");
        assertEquals("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
                trust.path("Principal").path("Federated").asText());
        assertEquals(List.of("repo:Acme-Corp/shop.web:ref:refs/heads/main", "repo:Acme-Corp/shop.web:ref:refs/tags/v1.2"),
                texts(trust.path("Condition").path("StringEquals").path(ISSUER + ":sub")));
        assertEquals(List.of("repo:Acme-Corp/shop.web:pull_request"), texts(onlyTrustStatement(previews, "PreviewRole")
                .path("Condition").path("StringEquals").path(ISSUER + ":sub")));
    }

    @Test
    void theDeployRoleMayOnlyAssumeTheFourBootstrapRolesAndRead() {
        List<JsonNode> statements = permissions(defaults, "DeployRole");
        assertEquals(Set.of("deploy", "file-publishing", "image-publishing", "lookup"),
                assumableBootstrapRoles(statements));
        assertOnlyAssumeRoleAndReads(statements);
    }

    @Test
    void withoutPreviewsThePullRequestRoleMayOnlyAssumeTheLookupRoleAndRead() {
        List<JsonNode> statements = permissions(defaults, "PreviewRole");
        assertEquals(Set.of("lookup"), assumableBootstrapRoles(statements));
        assertOnlyAssumeRoleAndReads(statements);
    }

    @Test
    void withPreviewsThePullRequestRoleMayAlsoDeployThroughTheBootstrapRoles() {
        List<JsonNode> statements = permissions(previews, "PreviewRole");
        assertEquals(Set.of("deploy", "file-publishing", "image-publishing", "lookup"),
                assumableBootstrapRoles(statements));
        assertOnlyAssumeRoleAndReads(statements);
    }

    @Test
    void theReadsAreLimitedToTheProjectsStacksParametersServiceAndTables() {
        Map<String, String> resources = new java.util.TreeMap<>();
        for (JsonNode statement : permissions(previews, "DeployRole")) {
            if (!statement.path("Sid").asText().equals("AssumeCdkBootstrapRoles")
                    && statement.path("Effect").asText().equals("Allow")) {
                resources.put(statement.path("Sid").asText(), statement.path("Resource").toString()
                        + statement.path("Condition"));
            }
        }
        String arn = "arn:${AWS::Partition}:%s:${AWS::Region}:${AWS::AccountId}:%s";
        assertEquals(Map.of(
                "ReadStacks", sub(arn.formatted("cloudformation", "stack/shop-*/*")),
                "ReadParameters", "[" + sub(arn.formatted("ssm", "parameter/cdk-bootstrap/hnb659fds/version")) + ","
                        + sub(arn.formatted("ssm", "parameter/shop/prod/*")) + "]",
                "ReadService", "[" + sub(arn.formatted("ecs", "service/shop-*")) + ","
                        + sub(arn.formatted("ecs", "task/shop-*")) + "]",
                "ListServiceTasks", "\"*\"{\"ArnLike\":{\"ecs:cluster\":" + sub(arn.formatted("ecs", "cluster/shop-*"))
                        + "}}",
                "ReadTables", sub(arn.formatted("dynamodb", "table/shop-*")),
                "ListWithoutResourceLevelPermissions", "\"*\""), resources);
    }

    @Test
    void theValuesOfTheProjectsSsmSecretsAreDeniedThoughItsParametersAreReadable() {
        String arn = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter%s";
        for (String roleId : List.of("DeployRole", "PreviewRole")) {
            JsonNode deny = statement(permissions(previews, roleId), "DenySecretValues");
            assertEquals("Deny", deny.path("Effect").asText());
            assertEquals(List.of("ssm:GetParameter", "ssm:GetParameterHistory", "ssm:GetParameters",
                    "ssm:GetParametersByPath"), texts(deny.path("Action")).stream().sorted().toList());
            // goaws:secret's place for a stage's secrets (<parameterPath>/secrets/), any stage or none
            assertEquals(Set.of(sub(arn.formatted("/shop/prod/*/secrets/*")), sub(arn.formatted(
                    "/shop/prod/secrets/*"))), resources(deny));
            // a declared secret elsewhere by its absolute name too
            assertEquals(Set.of(sub(arn.formatted("/shop/*/secrets/*")), sub(arn.formatted("/shop/secrets/*")),
                    sub(arn.formatted("/shop/shared/token"))),
                    resources(statement(permissions(withSecrets, roleId), "DenySecretValues")));
        }
    }

    @Test
    void declaredSecretsAreOnlyDescribedForTheDeploysExistenceCheckNeverRead() {
        String arn = "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:%s";
        for (String roleId : List.of("DeployRole", "PreviewRole")) {
            List<JsonNode> statements = permissions(withSecrets, roleId);
            JsonNode describe = statement(statements, "DescribeDeclaredSecrets");
            assertEquals("secretsmanager:DescribeSecret", describe.path("Action").asText());
            assertEquals(Set.of("\"arn:aws:secretsmanager:eu-central-1:123456789012:secret:partner-AbCdEf\"",
                    sub(arn.formatted("shop/api-??????"))), resources(describe));
            JsonNode parameters = statement(statements, "DescribeParameters");
            assertEquals("ssm:DescribeParameters", parameters.path("Action").asText());
            assertEquals("\"*\"", parameters.path("Resource").toString());
            String policy = statements.toString();
            assertFalse(policy.contains("GetSecretValue") || policy.contains("kms:"), policy);
        }
        for (JsonNode template : List.of(defaults, previews)) {
            String policies = permissions(template, "DeployRole").toString() + permissions(template, "PreviewRole");
            assertFalse(policies.contains("secretsmanager:") || policies.contains("ssm:DescribeParameters"),
                    "no declared secret, nothing to describe: " + policies);
        }
    }

    @Test
    void noRoleHasAManagedPolicyAPolicyResourceOrAWildcardPrincipal() {
        for (JsonNode template : List.of(defaults, previews)) {
            assertTrue(ofType(template, "AWS::IAM::Policy").isEmpty() && ofType(template, "AWS::IAM::ManagedPolicy")
                    .isEmpty(), "permissions are the roles' own inline policies only");
            for (JsonNode role : ofType(template, "AWS::IAM::Role")) {
                assertTrue(role.path("Properties").path("ManagedPolicyArns").isMissingNode(), role.toString());
                assertFalse(role.path("Properties").path("AssumeRolePolicyDocument").toString().contains("\"*\""),
                        "wildcard principal: " + role);
                assertEquals(3600, role.path("Properties").path("MaxSessionDuration").asInt());
            }
        }
    }

    @Test
    void theOutputsNameTheRolesTheRegionAndWhatTheStackWasDeployedFor() {
        JsonNode outputs = defaults.path("Outputs");
        assertEquals(logicalId(defaults, "DeployRole"), outputs.path("DeployRoleArn").path("Value")
                .path("Fn::GetAtt").path(0).asText());
        assertEquals("Arn", outputs.path("DeployRoleArn").path("Value").path("Fn::GetAtt").path(1).asText());
        assertEquals(logicalId(defaults, "PreviewRole"), outputs.path("PreviewRoleArn").path("Value")
                .path("Fn::GetAtt").path(0).asText());
        assertEquals("{\"Ref\":\"AWS::Region\"}", outputs.path("Region").path("Value").toString());
        assertEquals("acme/shop", outputs.path("Repository").path("Value").asText());
        assertEquals("refs/heads/main", outputs.path("DeployRefs").path("Value").asText());
        assertEquals("false", outputs.path("Previews").path("Value").asText());
        assertEquals("refs/heads/main,refs/tags/v1.2", previews.path("Outputs").path("DeployRefs").path("Value")
                .asText());
        assertEquals("true", previews.path("Outputs").path("Previews").path("Value").asText());
    }

    @Test
    void cdkNagAcceptsOnlyTheNamedWildcardsOfTheReadStatements() {
        for (JsonNode role : ofType(defaults, "AWS::IAM::Role")) {
            JsonNode rules = role.path("Metadata").path("cdk_nag").path("rules_to_suppress");
            assertEquals(1, rules.size(), rules.toString());
            assertEquals("AwsSolutions-IAM5", rules.path(0).path("id").asText());
            assertEquals(new TreeSet<>(List.of("Resource::*",
                            "Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/goaws-*/*",
                            "Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/go-on-aws/*",
                            "Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:service/goaws-*",
                            "Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/goaws-*",
                            "Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/goaws-*")),
                    new TreeSet<>(texts(rules.path(0).path("applies_to"))));
        }
    }

    @Test
    void tagsAreOnTheRoles() {
        for (JsonNode role : ofType(previews, "AWS::IAM::Role")) {
            assertTrue(role.path("Properties").path("Tags").toString().contains("{\"Key\":\"team\",\"Value\":\"a\"}"),
                    role.path("Properties").path("Tags").toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void assertOnlyAssumeRoleAndReads(List<JsonNode> statements) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : statements) {
            if (statement.path("Sid").asText().equals("DenySecretValues")) {
                assertEquals("Deny", statement.path("Effect").asText());
                continue;
            }
            assertEquals("Allow", statement.path("Effect").asText());
            List<String> these = statement.path("Action").isArray() ? texts(statement.path("Action"))
                    : List.of(statement.path("Action").asText());
            if (these.contains("sts:AssumeRole")) {
                assertEquals(List.of("sts:AssumeRole"), these, "AssumeRole is a statement of its own");
            }
            actions.addAll(these);
        }
        Set<String> expected = new TreeSet<>(READ_ACTIONS);
        expected.add("sts:AssumeRole");
        assertEquals(expected, actions);
    }

    /** The kinds of bootstrap role ({@code deploy}, ...) the AssumeRole statement names, each of this account and region. */
    private static Set<String> assumableBootstrapRoles(List<JsonNode> statements) {
        Set<String> kinds = new TreeSet<>();
        for (JsonNode statement : statements) {
            if (statement.path("Action").asText().equals("sts:AssumeRole")) {
                JsonNode resources = statement.path("Resource");
                for (JsonNode resource : resources.isArray() ? resources : JSON.createArrayNode().add(resources)) {
                    String arn = resource.path("Fn::Sub").asText();
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("arn:\\$\\{AWS::Partition}:iam::"
                            + "\\$\\{AWS::AccountId}:role/cdk-hnb659fds-([a-z-]+)-role-\\$\\{AWS::AccountId}-"
                            + "\\$\\{AWS::Region}").matcher(arn);
                    assertTrue(m.matches(), "not a bootstrap role of this account and region: " + resource);
                    kinds.add(m.group(1));
                }
            }
        }
        return kinds;
    }

    private static String sub(String template) {
        return "{\"Fn::Sub\":\"" + template + "\"}";
    }

    private static JsonNode role(JsonNode template, String id) {
        return template.path("Resources").path(logicalId(template, id));
    }

    private static JsonNode onlyTrustStatement(JsonNode template, String roleId) {
        JsonNode statements = role(template, roleId).path("Properties").path("AssumeRolePolicyDocument")
                .path("Statement");
        assertEquals(1, statements.size(), statements.toString());
        return statements.path(0);
    }

    private static Set<String> resources(JsonNode statement) {
        Set<String> resources = new TreeSet<>();
        statement.path("Resource").forEach(r -> resources.add(r.toString()));
        return resources;
    }

    private static JsonNode statement(List<JsonNode> statements, String sid) {
        List<JsonNode> found = statements.stream().filter(s -> s.path("Sid").asText().equals(sid)).toList();
        assertEquals(1, found.size(), sid + " in " + statements);
        return found.get(0);
    }

    private static List<JsonNode> permissions(JsonNode template, String roleId) {
        List<JsonNode> statements = new ArrayList<>();
        role(template, roleId).path("Properties").path("Policies")
                .forEach(p -> p.path("PolicyDocument").path("Statement").forEach(statements::add));
        return statements;
    }

    /** The logical id of the one resource whose id starts with {@code prefix} or whose type is {@code prefix}. */
    private static String logicalId(JsonNode template, String prefixOrType) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(prefixOrType) || e.getValue().path("Type").asText().equals(prefixOrType)) {
                ids.add(e.getKey());
            }
        });
        assertEquals(1, ids.size(), prefixOrType + ": " + ids);
        return ids.get(0);
    }

    private static List<JsonNode> ofType(JsonNode template, String type) {
        List<JsonNode> found = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        return found;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
