package dev.goaws.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub repository, {@code owner/name}. GitHub writes it into the subject of every OIDC token its workflows get
 * ({@code repo:owner/name:...}), and IAM compares that subject case-sensitively: spell it as GitHub does.
 */
public record GitHubRepository(String owner, String name) {
    /** The property that names it. */
    public static final String SETTING = "goaws.repository";

    // GitHub's rules: an owner is 1-39 letters, digits and single inner hyphens; a repository 1-100 letters,
    // digits, '.', '-' and '_' (but not "." or "..").
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    // https://github.com/o/n(.git), git@github.com:o/n(.git), ssh://git@github.com(:22)/o/n(.git), git://...
    private static final Pattern REMOTE = Pattern.compile(
            "(?:(?:https?|git|ssh)://(?:[^@/]+@)?github\\.com(?::\\d+)?/|(?:[^@/]+@)?github\\.com:/?)"
                    + "([^/]+)/([^/]+?)(?:\\.git)?/?");

    public GitHubRepository {
        if (owner == null || owner.length() > 39 || !OWNER.matcher(owner).matches()) {
            throw new InvalidSettingException(SETTING, "'" + owner + "' is not a GitHub owner (1-39 letters, digits"
                    + " and single inner hyphens). Write goaws.repository as owner/name, e.g. acme/shop.");
        }
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new InvalidSettingException(SETTING, "'" + name + "' is not a GitHub repository name (1-100"
                    + " letters, digits, '.', '-' and '_'). Write goaws.repository as owner/name, e.g. acme/shop.");
        }
    }

    /** {@code owner/name}, refused naming {@link #SETTING} unless it is exactly that. */
    public static GitHubRepository parse(String value) {
        String text = value == null ? "" : value.trim();
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new InvalidSettingException(SETTING, "'" + text + "' is not owner/name: write the GitHub"
                    + " repository as it appears in its URL, e.g. acme/shop for https://github.com/acme/shop.");
        }
        return new GitHubRepository(text.substring(0, slash), text.substring(slash + 1));
    }

    /** The repository a git remote URL points at, when it is a github.com URL. */
    public static Optional<GitHubRepository> fromRemoteUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        Matcher m = REMOTE.matcher(url.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new GitHubRepository(m.group(1), m.group(2)));
    }

    /** {@code owner/name}. */
    public String slug() {
        return owner + "/" + name;
    }

    /** The subject of a token of a workflow run for {@code ref} (GitHub's default subject format). */
    public String refSubject(String ref) {
        return "repo:" + slug() + ":ref:" + ref;
    }

    /** The subject of a token of a workflow run for a pull request (GitHub's default subject format). */
    public String pullRequestSubject() {
        return "repo:" + slug() + ":pull_request";
    }

    @Override
    public String toString() {
        return slug();
    }
}
