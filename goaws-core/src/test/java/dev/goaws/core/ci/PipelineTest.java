package dev.goaws.core.ci;

import dev.goaws.core.CiSettings;
import dev.goaws.core.GitHubRepository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.GoawsException;
import dev.goaws.core.Naming;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * goaws:pipeline's core in a real git checkout: the workflow lands at the checkout's root whatever the project's
 * directory, the roles come from what goaws:deploy-ci recorded, and what cannot work is refused before anything is
 * written or called.
 */
class PipelineTest {
    private static final String DEPLOY_ROLE = "arn:aws:iam::123456789012:role/goaws-ci-DeployRole-AbC";
    private static final String PREVIEW_ROLE = "arn:aws:iam::123456789012:role/goaws-ci-PreviewRole-XyZ";

    @TempDir
    Path work;
    private Path project;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void checkout() throws Exception {
        project = Files.createDirectories(work.resolve("repo/services/shop"));
        ProcessRunner.Result init = ProcessRunner.run(List.of("git", "init", "-q", work.resolve("repo").toString()),
                Map.of(), null, line -> { }, Duration.ofSeconds(60));
        assertTrue(init.succeeded(), init.tailText());
    }

    @Test
    void theWorkflowGoesToTheCheckoutsRootAndRunsInTheProjectsDirectory() throws Exception {
        recordDeployedCiStack("acme/shop", "refs/heads/main", false);
        Path file = Pipeline.generate(request(ci(false), null, Set.of()));
        assertEquals(work.resolve("repo/.github/workflows/goaws.yml").toRealPath(), file.toRealPath());
        String text = Files.readString(file);
        assertTrue(text.contains("working-directory: services/shop"), text);
        assertTrue(text.contains("role-to-assume: " + DEPLOY_ROLE) && text.contains("role-to-assume: " + PREVIEW_ROLE));
        assertTrue(log.contains("INFO Wrote " + file + "."), log.toString());

        log.clear();
        Pipeline.generate(request(ci(false), null, Set.of()));
        assertEquals("INFO " + file + " is up to date: not written.", log.get(0));
        assertEquals(1, log.size(), log.toString());
    }

    @Test
    void theStackMustHaveBeenDeployedForThisRepositoryTheseRefsAndPreviews() throws Exception {
        recordDeployedCiStack("acme/other", "refs/heads/main", false);
        InvalidSettingException repo = assertThrows(InvalidSettingException.class,
                () -> Pipeline.generate(request(ci(false), null, Set.of())));
        assertEquals("goaws.repository", repo.setting());
        assertTrue(repo.getMessage().contains("was deployed for the repository acme/other"), repo.getMessage());

        recordDeployedCiStack("acme/shop", "refs/heads/release", false);
        assertEquals("goaws.deployRefs", assertThrows(InvalidSettingException.class,
                () -> Pipeline.generate(request(ci(false), null, Set.of()))).setting());

        recordDeployedCiStack("acme/shop", "refs/heads/main", false);
        InvalidSettingException previews = assertThrows(InvalidSettingException.class,
                () -> Pipeline.generate(request(ci(true), null, Set.of())));
        assertEquals("goaws.previews", previews.setting());
        assertTrue(previews.getMessage().contains("mvn goaws:deploy-ci -Dgoaws.previews=true"));
        assertFalse(Files.exists(work.resolve("repo/.github")), "nothing written");

        recordDeployedCiStack("acme/shop", "refs/heads/main", true);
        Pipeline.generate(request(ci(false), null, Set.of()));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARN ") && l.contains("narrow the pull-request role")),
                log.toString());
    }

    @Test
    void explicitRolesNeedBothArnsAndTheRegion() {
        InvalidSettingException one = assertThrows(InvalidSettingException.class, () -> Pipeline.roles(
                request(ci(false), null, Set.of(), DEPLOY_ROLE, null, "eu-central-1")));
        assertEquals("goaws.previewRoleArn", one.setting());
        assertEquals("goaws.region", assertThrows(InvalidSettingException.class, () -> Pipeline.roles(
                request(ci(false), null, Set.of(), DEPLOY_ROLE, PREVIEW_ROLE, null))).setting());
        assertEquals("goaws.deployRoleArn", assertThrows(InvalidSettingException.class, () -> Pipeline.roles(
                request(ci(false), null, Set.of(), "arn:aws:iam::123456789012:user/x", PREVIEW_ROLE, "eu-central-1")))
                .setting());
        assertEquals("goaws.previewRoleArn", assertThrows(InvalidSettingException.class, () -> Pipeline.roles(
                request(ci(false), null, Set.of(), DEPLOY_ROLE, "arn:aws:iam::999999999999:role/x", "eu-central-1")))
                .setting(), "both roles in one account");
        CiRoles roles = Pipeline.roles(request(ci(false), null, Set.of(), DEPLOY_ROLE, PREVIEW_ROLE, "us-east-1"));
        assertEquals("arn:aws:iam::123456789012:role/cdk-hnb659fds-image-publishing-role-123456789012-us-east-1",
                roles.bootstrapRoleArn(dev.goaws.core.stacks.CiStack.BootstrapRole.IMAGE_PUBLISHING));
    }

    @Test
    void aPropertyTheWorkflowSetsMustNotBeFixedInThePluginsConfiguration() throws Exception {
        recordDeployedCiStack("acme/shop", "refs/heads/main", true);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Pipeline.generate(
                request(ci(true), "prod", Set.of("goaws.stage", "goaws.region"))));
        assertEquals("goaws.stage", e.setting());
        assertTrue(e.getMessage().contains("<properties><goaws.stage>"), e.getMessage());
        // Set in the configuration but not set by the workflow: fine.
        Pipeline.generate(request(ci(true), "prod", Set.of("goaws.region", "goaws.appUsername")));
    }

    @Test
    void aProductionStageNamedLikeAPreviewIsRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Pipeline.generate(
                request(ci(true), "pr-7", Set.of())));
        assertEquals("goaws.stage", e.setting());
    }

    @Test
    void withoutRecordedOutputsOrCredentialsItSaysHowToGetTheRoles() {
        GoawsException e = assertThrows(GoawsException.class, () -> Pipeline.generate(request(ci(false), null,
                Set.of())));
        assertTrue(e.getMessage().contains("needs the roles of the goaws-ci stack")
                && e.getMessage().contains("-Dgoaws.deployRoleArn="), e.getMessage());
    }

    @Test
    void aProjectOutsideAnyCheckoutIsRefused() throws Exception {
        Path outside = Files.createDirectories(work.resolve("plain"));
        if (GitCheckout.containing(outside).isEmpty()) {
            GoawsException e = assertThrows(GoawsException.class, () -> Pipeline.generate(new Pipeline.Request(
                    ci(false), Naming.DEFAULTS, outside, outside.resolve("target/goaws"), false, "17",
                    "1.0", false, DEPLOY_ROLE, PREVIEW_ROLE, "eu-central-1", Set.of(), null, reporter())));
            assertTrue(e.getMessage().contains("is not in a git checkout"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static CiSettings ci(boolean previews) {
        return new CiSettings("goaws", "/go-on-aws", GitHubRepository.parse("acme/shop"), List.of("refs/heads/main"),
                previews, null, Map.of());
    }

    /** What goaws:deploy-ci writes into the outputs file. */
    private void recordDeployedCiStack(String repository, String refs, boolean previews) throws Exception {
        Path outputs = project.resolve("target/goaws/outputs.json");
        Files.createDirectories(outputs.getParent());
        Files.writeString(outputs, """
                {"goaws-vpc": {"x": "y"},
                 "goaws-ci": {"DeployRoleArn": "%s", "PreviewRoleArn": "%s", "Region": "eu-central-1",
                              "Repository": "%s", "DeployRefs": "%s", "Previews": "%s"}}
                """.formatted(DEPLOY_ROLE, PREVIEW_ROLE, repository, refs, previews));
    }

    private Pipeline.Request request(CiSettings ci, String stage, Set<String> configuredInPom) {
        return request(ci, stage, configuredInPom, null, null, null);
    }

    private Pipeline.Request request(CiSettings ci, String stage, Set<String> configuredInPom, String deployRole,
            String previewRole, String region) {
        // An endpoint nothing listens on, without credentials: any AWS call fails fast.
        AwsTarget nowhere = new AwsTarget("eu-central-1", null, java.net.URI.create("http://127.0.0.1:9"), null, false);
        return new Pipeline.Request(ci, new Naming(Naming.DEFAULT_STACK_PREFIX, Naming.DEFAULT_PARAMETER_PREFIX, stage,
                Map.of()), project,
                project.resolve("target/goaws"), false, "17", "1.0", false, deployRole, previewRole, region,
                configuredInPom, nowhere, reporter());
    }

    private Reporter reporter() {
        return Reporter.of(line -> log.add("INFO " + line), line -> log.add("WARN " + line));
    }
}
