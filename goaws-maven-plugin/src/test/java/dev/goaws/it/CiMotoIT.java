package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.FileTrees;
import dev.goaws.core.local.Moto;
import dev.goaws.core.local.WithMoto;
import dev.goaws.core.process.ProcessRunner;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Keyless deploys from GitHub Actions, end to end against moto: a user's project (a git checkout whose origin is
 * github.com/acme/shop) runs goaws:bootstrap, goaws:deploy-ci and goaws:pipeline with the real cdk CLI; the OIDC
 * provider, the two roles' trust and permissions are read back from moto's IAM, and the workflow names the roles
 * moto created. Refusals come before any AWS call. A moto of its own: it deploys fixed names and counts the
 * account's OIDC providers.
 */
@WithMoto(own = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CiMotoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "token.actions.githubusercontent.com";
    private static Moto moto;
    private static Path project;
    private static MavenRun maven;
    private static String endpointArg;
    private static String providerArn;

    @BeforeAll
    static void prepareProject(Moto running) throws Exception {
        moto = running;
        Path work = Path.of("target", "ci-moto-it").toAbsolutePath();
        project = work.resolve("shop");
        FileTrees.deleteRecursively(project); // a fresh clone: no workflow, outputs or remote of an earlier run
        MavenRun.testProject("ci", project);
        git(project, "init", "-q");
        git(project, "remote", "add", "origin", "git@github.com:acme/shop.git");
        endpointArg = "-Dgoaws.endpoint=" + moto.endpoint();
        maven = MavenRun.emulated(project, work);
    }

    @Test
    @Order(1)
    void aMalformedRepositoryOrAnEmptyRefListIsRefusedBeforeAnyAwsCall() throws Exception {
        MavenRun.Result repo = maven.run("ci-01-bad-repository", "goaws:deploy-ci", endpointArg,
                "-Dgoaws.repository=acme");
        assertFalse(repo.succeeded());
        assertTrue(repo.log().contains("Invalid goaws configuration <repository> (-Dgoaws.repository): 'acme' is not"
                + " owner/name"), repo.log());
        assertFalse(repo.log().contains("Connecting to AWS"), "refused before AWS");

        MavenRun.Result refs = maven.run("ci-02-no-refs", "goaws:deploy-ci", endpointArg, "-Dgoaws.deployRefs=,");
        assertFalse(refs.succeeded());
        assertTrue(refs.log().contains("Invalid goaws configuration <deployRefs> (-Dgoaws.deployRefs): the list is"
                + " empty"), refs.log());
        assertFalse(refs.log().contains("Connecting to AWS"), "refused before AWS");
    }

    @Test
    @Order(2)
    void deployCiCreatesTheProviderAndTwoRolesTrustingOnlyTheRepositorysRefsAndPullRequests() throws Exception {
        // The issue's one command: the stack, then the workflow that names its roles (from this run's outputs).
        MavenRun.Result r = maven.run("ci-03-deploy-ci", "goaws:bootstrap", "goaws:deploy-ci", "goaws:pipeline",
                endpointArg);
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("Synthesizing shop-ci for GitHub repository acme/shop"), r.log());
        assertTrue(r.log().contains("cdk deploy shop-ci (direct) to aws://123456789012/eu-central-1"), r.log());

        Map<String, String> outputs = stackOutputs("shop-ci");
        assertEquals("acme/shop", outputs.get("Repository"), "the repository read from the git remote origin");
        assertEquals("refs/heads/main,refs/tags/release", outputs.get("DeployRefs"));
        assertEquals("eu-central-1", outputs.get("Region"));
        try (IamClient iam = client(IamClient.builder())) {
            List<String> providers = iam.listOpenIDConnectProviders().openIDConnectProviderList().stream()
                    .map(p -> p.arn()).toList();
            assertEquals(List.of("arn:aws:iam::123456789012:oidc-provider/" + ISSUER), providers);
            providerArn = providers.get(0);
            var provider = iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(providerArn));
            assertEquals(List.of("sts.amazonaws.com"), provider.clientIDList());

            JsonNode deployTrust = trust(iam, outputs.get("DeployRoleArn"));
            assertEquals(JSON.readTree("""
                    {"Action": "sts:AssumeRoleWithWebIdentity", "Effect": "Allow",
                     "Principal": {"Federated": "%s"},
                     "Condition": {"StringEquals": {
                        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                        "token.actions.githubusercontent.com:sub": ["repo:acme/shop:ref:refs/heads/main",
                                                                    "repo:acme/shop:ref:refs/tags/release"]}}}
                    """.formatted(providerArn)), deployTrust);
            JsonNode previewTrust = trust(iam, outputs.get("PreviewRoleArn"));
            assertEquals(JSON.createArrayNode().add("repo:acme/shop:pull_request"), previewTrust.path("Condition")
                    .path("StringEquals").path(ISSUER + ":sub"));
            assertEquals(providerArn, previewTrust.path("Principal").path("Federated").asText());
        }
        String workflow = Files.readString(project.resolve(".github/workflows/goaws.yml"));
        assertTrue(workflow.contains("role-to-assume: " + outputs.get("DeployRoleArn")), workflow);
        assertTrue(workflow.contains("role-to-assume: " + outputs.get("PreviewRoleArn")), workflow);
    }

    @Test
    @Order(3)
    void theRolesMayOnlyAssumeTheBootstrapRolesMotoHasAndRead() throws Exception {
        Map<String, String> outputs = stackOutputs("shop-ci");
        try (IamClient iam = client(IamClient.builder())) {
            for (String role : List.of("DeployRoleArn", "PreviewRoleArn")) {
                String name = roleName(outputs.get(role));
                assertEquals(List.of(), iam.listAttachedRolePolicies(b -> b.roleName(name)).attachedPolicies(),
                        "no managed (administrator) policy");
                assertEquals(List.of("goaws"), iam.listRolePolicies(b -> b.roleName(name)).policyNames());
            }
            List<JsonNode> deploy = statements(iam, outputs.get("DeployRoleArn"));
            Set<String> assumable = assumable(deploy);
            assertEquals(Set.of("deploy", "file-publishing", "image-publishing", "lookup").stream()
                    .map(k -> "arn:aws:iam::123456789012:role/cdk-hnb659fds-" + k
                            + "-role-123456789012-eu-central-1").collect(java.util.stream.Collectors.toSet()),
                    assumable);
            for (String arn : assumable) {
                // The ARNs name the roles goaws:bootstrap (the cdk CLI's own template) created.
                assertEquals(arn, iam.getRole(b -> b.roleName(roleName(arn))).role().arn());
            }
            assertEquals(Set.of("arn:aws:iam::123456789012:role/cdk-hnb659fds-lookup-role-123456789012-eu-central-1"),
                    assumable(statements(iam, outputs.get("PreviewRoleArn"))), "pull requests only diff");
            Set<String> actions = new TreeSet<>();
            for (JsonNode statement : deploy) {
                if (statement.path("Effect").asText().equals("Deny")) {
                    continue; // DenySecretValues, below
                }
                statement.path("Action").forEach(a -> actions.add(a.asText()));
                if (statement.path("Action").isTextual()) {
                    actions.add(statement.path("Action").asText());
                }
            }
            assertEquals(new TreeSet<>(List.of("sts:AssumeRole", "cloudformation:DescribeStackResources",
                    "cloudformation:DescribeStacks", "cloudformation:GetTemplate", "ssm:GetParameter",
                    "ssm:GetParameters", "ecs:DescribeServices", "ecs:DescribeTasks", "ecs:ListTasks",
                    "dynamodb:DescribeTable", "dynamodb:ListTagsOfResource", "dynamodb:ListTables",
                    "elasticloadbalancing:DescribeTargetHealth")), actions);
            String reads = deploy.toString();
            assertTrue(reads.contains("arn:aws:cloudformation:eu-central-1:123456789012:stack/shop-*/*")
                    && reads.contains("arn:aws:ssm:eu-central-1:123456789012:parameter/go-on-aws/*"), reads);
            // ... but not the values of the SSM secrets goaws:secret keeps among them
            JsonNode deny = deploy.stream().filter(st -> st.path("Effect").asText().equals("Deny")).findFirst()
                    .orElseThrow(() -> new AssertionError("no Deny statement: " + reads));
            assertEquals("DenySecretValues", deny.path("Sid").asText());
            assertTrue(deny.path("Resource").toString().contains(
                    "arn:aws:ssm:eu-central-1:123456789012:parameter/go-on-aws/*/secrets/*"), deny.toString());
        }
    }

    @Test
    @Order(4)
    void pipelineWritesTheWorkflowWithTheDeployedRolesAndRegeneratingIsANoOp() throws Exception {
        Map<String, String> outputs = stackOutputs("shop-ci");
        Files.delete(project.resolve(".github/workflows/goaws.yml")); // written by the one command above
        MavenRun.Result r = maven.run("ci-04-pipeline", "goaws:pipeline", endpointArg);
        assertTrue(r.succeeded(), r.log());
        Path workflow = project.resolve(".github/workflows/goaws.yml");
        assertTrue(r.log().contains("[INFO] Wrote " + workflow + "."), r.log());
        String text = Files.readString(workflow);
        assertTrue(text.contains("role-to-assume: " + outputs.get("DeployRoleArn")), text);
        assertTrue(text.contains("role-to-assume: " + outputs.get("PreviewRoleArn")), text);
        assertTrue(text.contains("goaws:deploy -Dgoaws.stage=prod -Dgoaws.image=\"$image\""), text);
        assertTrue(text.contains("      - main\n    tags:\n      - release\n"), text);
        assertTrue(text.contains("aws-region: eu-central-1"), text);

        // Without the outputs goaws:deploy-ci recorded, the roles are read from the deployed stack: same file.
        Files.delete(project.resolve("target/goaws/outputs.json"));
        MavenRun.Result again = maven.run("ci-05-pipeline-again", "goaws:pipeline", endpointArg);
        assertTrue(again.succeeded(), again.log());
        assertTrue(again.log().contains("[INFO] " + workflow + " is up to date: not written."), again.log());
        assertEquals(text, Files.readString(workflow));
    }

    @Test
    @Order(5)
    void anEditedWorkflowIsKeptUnlessForced() throws Exception {
        Path workflow = project.resolve(".github/workflows/goaws.yml");
        String edited = Files.readString(workflow).replace("timeout-minutes: 45", "timeout-minutes: 30");
        Files.writeString(workflow, edited);
        MavenRun.Result kept = maven.run("ci-06-pipeline-edited", "goaws:pipeline", endpointArg,
                "-Dgoaws.previews=false");
        assertFalse(kept.succeeded());
        assertTrue(kept.log().contains("was changed since goaws:pipeline wrote it"), kept.log());
        assertEquals(edited, Files.readString(workflow));

        MavenRun.Result forced = maven.run("ci-07-pipeline-forced", "goaws:pipeline", endpointArg,
                "-Dgoaws.force=true");
        assertTrue(forced.succeeded(), forced.log());
        assertTrue(forced.log().contains("[WARNING] Replaced the edited " + workflow), forced.log());
        assertTrue(Files.readString(workflow).contains("timeout-minutes: 45"));
    }

    @Test
    @Order(6)
    void previewsNeedTheStackRedeployedWithThem() throws Exception {
        MavenRun.Result refused = maven.run("ci-08-pipeline-previews", "goaws:pipeline", endpointArg,
                "-Dgoaws.previews=true");
        assertFalse(refused.succeeded());
        assertTrue(refused.log().contains("was deployed without previews"), refused.log());
    }

    @Test
    @Order(7)
    void aSecondRepositoryInTheAccountUsesTheExistingProvider() throws Exception {
        MavenRun.Result refused = maven.run("ci-09-second-repository", "goaws:deploy-ci", endpointArg,
                "-Dgoaws.stackPrefix=admin", "-Dgoaws.repository=acme/admin");
        assertFalse(refused.succeeded());
        assertTrue(refused.log().contains("the account already has GitHub's OIDC provider " + providerArn
                + " (an account holds one per issuer"), refused.log());
        assertTrue(refused.log().contains("-Dgoaws.oidcProviderArn=" + providerArn), refused.log());
        assertFalse(refused.log().contains("cdk deploy"), "refused before the CLI");

        MavenRun.Result r = maven.run("ci-10-second-repository", "goaws:deploy-ci", endpointArg,
                "-Dgoaws.stackPrefix=admin", "-Dgoaws.repository=acme/admin", "-Dgoaws.oidcProviderArn=" + providerArn,
                "-Dgoaws.previews=true");
        assertTrue(r.succeeded(), r.log());
        Map<String, String> outputs = stackOutputs("admin-ci");
        try (IamClient iam = client(IamClient.builder())) {
            assertEquals(1, iam.listOpenIDConnectProviders().openIDConnectProviderList().size());
            JsonNode trust = trust(iam, outputs.get("PreviewRoleArn"));
            assertEquals(providerArn, trust.path("Principal").path("Federated").asText());
            assertEquals(JSON.createArrayNode().add("repo:acme/admin:pull_request"), trust.path("Condition")
                    .path("StringEquals").path(ISSUER + ":sub"));
            assertEquals(4, assumable(statements(iam, outputs.get("PreviewRoleArn"))).size(),
                    "with previews, pull requests deploy through the bootstrap roles");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Map<String, String> stackOutputs(String stack) {
        try (CloudFormationClient cfn = client(CloudFormationClient.builder())) {
            Map<String, String> outputs = new TreeMap<>();
            cfn.describeStacks(b -> b.stackName(stack)).stacks().get(0).outputs()
                    .forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            return outputs;
        }
    }

    private static String roleName(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static JsonNode trust(IamClient iam, String roleArn) throws Exception {
        JsonNode statements = document(iam.getRole(b -> b.roleName(roleName(roleArn))).role()
                .assumeRolePolicyDocument()).path("Statement");
        assertEquals(1, statements.size(), statements.toString());
        return statements.path(0);
    }

    private static List<JsonNode> statements(IamClient iam, String roleArn) throws Exception {
        List<JsonNode> statements = new ArrayList<>();
        document(iam.getRolePolicy(b -> b.roleName(roleName(roleArn)).policyName("goaws")).policyDocument())
                .path("Statement").forEach(statements::add);
        return statements;
    }

    /** The resources of the AssumeRole statement, which must be the only statement with that action. */
    private static Set<String> assumable(List<JsonNode> statements) {
        Set<String> arns = new TreeSet<>();
        for (JsonNode statement : statements) {
            if (statement.toString().contains("sts:AssumeRole")) {
                assertEquals("sts:AssumeRole", statement.path("Action").asText(), statement.toString());
                JsonNode resources = statement.path("Resource");
                (resources.isArray() ? resources : JSON.createArrayNode().add(resources))
                        .forEach(r -> arns.add(r.asText()));
            }
        }
        return arns;
    }

    /** IAM returns policy documents URL-encoded (moto may not). */
    private static JsonNode document(String text) throws Exception {
        return JSON.readTree(text.startsWith("%") ? URLDecoder.decode(text, StandardCharsets.UTF_8) : text);
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessRunner.Result result = ProcessRunner.run(command, Map.of(), dir, line -> { }, Duration.ofSeconds(60));
        assertTrue(result.succeeded(), command + ": " + result.tailText());
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return moto.client(builder);
    }
}
