package dev.goaws.core.ci;

import dev.goaws.core.CiSettings;
import dev.goaws.core.GitHubRepository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.Naming;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository, the deploy refs and the provider ARN are refused, naming the parameter, before anything runs. */
class CiSettingsTest {
    @TempDir
    Path work;

    @Test
    void aRepositoryIsOwnerSlashNameAsGitHubSpellsIt() {
        GitHubRepository repository = GitHubRepository.parse(" Acme-Corp/shop.web_2 ");
        assertEquals("Acme-Corp", repository.owner());
        assertEquals("shop.web_2", repository.name());
        assertEquals("repo:Acme-Corp/shop.web_2:ref:refs/heads/main", repository.refSubject("refs/heads/main"));
        assertEquals("repo:Acme-Corp/shop.web_2:pull_request", repository.pullRequestSubject());
    }

    @Test
    void malformedRepositoriesAreRefusedNamingTheParameter() {
        for (String bad : List.of("", "shop", "acme/shop/web", "/shop", "acme/", "-acme/shop", "acme-/shop",
                "ac--me/shop", "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u/shop", "acme/sh op", "acme/..", "acme/shop:main", "a".repeat(40) + "/shop",
                "acme/" + "s".repeat(101))) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> GitHubRepository.parse(bad),
                    bad);
            assertEquals("goaws.repository", e.setting(), bad);
            assertTrue(e.getMessage().contains("owner/name"), e.getMessage());
        }
    }

    @Test
    void theRepositoryOfAGitHubRemoteUrl() {
        for (String url : List.of("https://github.com/acme/shop.git", "https://github.com/acme/shop",
                "https://token@github.com/acme/shop/", "git@github.com:acme/shop.git", "ssh://git@github.com/acme/shop.git",
                "ssh://git@github.com:22/acme/shop", "git://github.com/acme/shop.git")) {
            assertEquals(Optional.of(new GitHubRepository("acme", "shop")), GitHubRepository.fromRemoteUrl(url), url);
        }
        for (String url : List.of("https://gitlab.com/acme/shop.git", "git@example.com:acme/shop.git",
                "https://github.com/acme", "/srv/git/shop.git")) {
            assertEquals(Optional.empty(), GitHubRepository.fromRemoteUrl(url), url);
        }
    }

    @Test
    void deployRefsAreFullRefsAndABareNameIsABranch() {
        assertEquals(List.of("refs/heads/main"), CiSettings.parseRefs("main"));
        assertEquals(List.of("refs/heads/main", "refs/heads/release/1.x", "refs/tags/v1.2.0"),
                CiSettings.parseRefs(" main, refs/heads/release/1.x ,refs/tags/v1.2.0,main"));
    }

    @Test
    void anEmptyRefListIsRefused() {
        for (String empty : new String[] {null, "", " , "}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> settings("acme/shop",
                    empty));
            assertEquals("goaws.deployRefs", e.setting());
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
        }
    }

    @Test
    void wildcardsOtherRefsAndBadNamesAreRefused() {
        for (String bad : List.of("feature/*", "refs/tags/v*", "refs/pull/1/merge", "refs/remotes/origin/main",
                "a..b", "/main", "main/", "x.lock", "ma in", "main:x", "ma+in", "!main")) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> CiSettings.parseRefs(bad),
                    bad);
            assertEquals("goaws.deployRefs", e.setting(), bad);
        }
        assertTrue(assertThrows(InvalidSettingException.class, () -> CiSettings.parseRefs("release/*"))
                .getMessage().contains("Wildcards are refused"));
    }

    @Test
    void anExistingProviderMustBeGitHubsActionsProvider() {
        assertEquals("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
                settingsWithProvider("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")
                        .oidcProviderArn());
        for (String bad : List.of("arn:aws:iam::123456789012:oidc-provider/accounts.google.com",
                "arn:aws:iam::12345:oidc-provider/token.actions.githubusercontent.com", "token.actions")) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> settingsWithProvider(bad));
            assertEquals("goaws.oidcProviderArn", e.setting());
        }
    }

    @Test
    void theRepositoryDefaultsToTheGitRemoteOriginOfTheCheckoutAroundTheProject() throws Exception {
        Path project = Files.createDirectories(work.resolve("repo/services/shop"));
        git(work.resolve("repo"), "init", "-q");
        InvalidSettingException noOrigin = assertThrows(InvalidSettingException.class, () -> CiGoals.settings(
                Naming.DEFAULTS, null, "main", false, null, project));
        assertEquals("goaws.repository", noOrigin.setting());
        assertTrue(noOrigin.getMessage().contains("no remote 'origin'"), noOrigin.getMessage());

        git(work.resolve("repo"), "remote", "add", "origin", "git@github.com:acme/shop.git");
        CiSettings settings = CiGoals.settings(new Naming("shop", Naming.DEFAULT_PARAMETER_PREFIX, null, Map.of()), " ",
                "main", true, null, project);
        assertEquals(new GitHubRepository("acme", "shop"), settings.repository());
        assertEquals("shop-ci", settings.stackName());
        assertEquals(work.resolve("repo").toRealPath(), GitCheckout.containing(project).orElseThrow().root()
                .toRealPath());
        // An explicit repository wins over the remote.
        assertEquals(new GitHubRepository("acme", "other"), CiGoals.settings(Naming.DEFAULTS, "acme/other", "main",
                false, null, project).repository());
    }

    @Test
    void aWorktreeReadsItsRepositorysRemote() throws Exception {
        Path main = Files.createDirectories(work.resolve("main"));
        git(main, "init", "-q");
        git(main, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "x");
        git(main, "remote", "add", "origin", "https://github.com/acme/shop.git");
        git(main, "worktree", "add", "-q", work.resolve("wt").toString());
        assertTrue(Files.isRegularFile(work.resolve("wt/.git")), "a worktree's .git is a file");
        GitCheckout checkout = GitCheckout.containing(work.resolve("wt")).orElseThrow();
        assertEquals(work.resolve("wt").toRealPath(), checkout.root().toRealPath());
        assertEquals(Optional.of("https://github.com/acme/shop.git"), checkout.originUrl());
    }

    @Test
    void noCheckoutAndANonGitHubRemoteAreRefusedNamingTheParameter() throws Exception {
        Path outside = Files.createDirectories(work.resolve("plain"));
        if (GitCheckout.containing(outside).isEmpty()) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> CiGoals.settings(
                    Naming.DEFAULTS, null, "main", false, null, outside));
            assertEquals("goaws.repository", e.setting());
            assertTrue(e.getMessage().contains("not in a git checkout"), e.getMessage());
        }
        Path gitlab = Files.createDirectories(work.resolve("gitlab"));
        git(gitlab, "init", "-q");
        git(gitlab, "remote", "add", "origin", "https://gitlab.com/acme/shop.git");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> CiGoals.settings(
                Naming.DEFAULTS, null, "main", false, null, gitlab));
        assertTrue(e.getMessage().contains("is not a github.com repository"), e.getMessage());
    }

    @Test
    void gitConfigSectionsAreMatchedByRemoteName() {
        List<String> config = List.of("[core]", "\turl = no", "[remote \"upstream\"]", "\turl = git@github.com:a/up.git",
                "# comment", "[Remote \"origin\"]", "  fetch = +refs/heads/*:refs/remotes/origin/*",
                "  URL = \"https://github.com/acme/shop\"");
        assertEquals(Optional.of("https://github.com/acme/shop"), GitCheckout.remoteUrl(config, "origin"));
        assertEquals(Optional.of("git@github.com:a/up.git"), GitCheckout.remoteUrl(config, "upstream"));
        assertEquals(Optional.empty(), GitCheckout.remoteUrl(config, "fork"));
    }

    private static CiSettings settings(String repository, String refs) {
        return new CiSettings("goaws", "/go-on-aws", GitHubRepository.parse(repository), CiSettings.parseRefs(refs),
                false, null, Map.of());
    }

    private static CiSettings settingsWithProvider(String arn) {
        return new CiSettings("goaws", "/go-on-aws", GitHubRepository.parse("acme/shop"), List.of("refs/heads/main"),
                false, arn, Map.of());
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessRunner.Result result = ProcessRunner.run(command, Map.of(), dir, line -> { }, Duration.ofSeconds(60));
        assertTrue(result.succeeded(), command + ": " + result.tailText());
    }
}
