package dev.goaws.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the {@code <stackPrefix>-ci} stack and the workflow share: the repository whose workflows may reach the
 * account, the refs that may deploy, whether pull requests get preview stages, and the account's GitHub OIDC
 * provider if one exists already. Validated on construction, before anything is synthesized or called.
 *
 * @param stackPrefix     {@code goaws.stackPrefix}: the CI stack is {@code <prefix>-ci}, and the
 *                        roles may read the stacks {@code <prefix>-*}
 * @param parameterPrefix {@code goaws.parameterPrefix}, the SSM path the roles may read
 * @param deployRefs      full git refs ({@code refs/heads/main}, {@code refs/tags/v1}) whose pushes deploy
 * @param oidcProviderArn the account's existing provider for GitHub's tokens, or null: the stack creates one
 * @param tags            {@code goaws.tags}, on the stack and its resources
 */
public record CiSettings(String stackPrefix, String parameterPrefix, GitHubRepository repository,
        List<String> deployRefs, boolean previews, String oidcProviderArn, Map<String, String> tags) {

    public static final String DEPLOY_REFS = "goaws.deployRefs";
    public static final String OIDC_PROVIDER_ARN = "goaws.oidcProviderArn";
    /** The issuer of GitHub Actions' OIDC tokens (github.com; GitHub Enterprise Server has its own). */
    public static final String TOKEN_ISSUER = "token.actions.githubusercontent.com";

    private static final Pattern PROVIDER_ARN = Pattern.compile(
            "arn:aws[a-z-]*:iam::\\d{12}:oidc-provider/" + Pattern.quote(TOKEN_ISSUER));
    // Branch and tag names of letters, digits, '.', '_', '-' and '/': none of them is special in IAM's conditions
    // (no wildcards: the trust names each ref exactly), in YAML or in a workflow's branch filter.
    private static final Pattern REF_NAME = Pattern.compile("[A-Za-z0-9._/-]+");

    public CiSettings {
        if (repository == null) {
            throw new InvalidSettingException(GitHubRepository.SETTING, "no GitHub repository: set"
                    + " goaws.repository=owner/name.");
        }
        deployRefs = List.copyOf(deployRefs);
        if (deployRefs.isEmpty()) {
            throw new InvalidSettingException(DEPLOY_REFS, "the list is empty, so no workflow could deploy: name"
                    + " the branches (or refs/tags/<tag>) whose pushes deploy, e.g. goaws.deployRefs=main.");
        }
        oidcProviderArn = Strings.blankToNull(oidcProviderArn);
        if (oidcProviderArn != null && !PROVIDER_ARN.matcher(oidcProviderArn).matches()) {
            throw new InvalidSettingException(OIDC_PROVIDER_ARN, "'" + oidcProviderArn + "' is not the ARN of"
                    + " GitHub's OIDC provider: it looks like arn:aws:iam::<account>:oidc-provider/" + TOKEN_ISSUER
                    + " (aws iam list-open-id-connect-providers lists it). Leave it unset to create the provider.");
        }
        tags = Map.copyOf(tags);
    }

    /** The settings of a project named by {@code naming} (prefixes, tags) for {@code repository}. */
    public static CiSettings of(Naming naming, GitHubRepository repository, String deployRefs, boolean previews,
            String oidcProviderArn) {
        return new CiSettings(naming.stackPrefix(), naming.parameterPrefix(), repository, parseRefs(deployRefs),
                previews, oidcProviderArn, naming.tags());
    }

    /**
     * Comma-separated refs: a bare name is a branch ({@code main} is {@code refs/heads/main}); {@code refs/heads/}
     * and {@code refs/tags/} refs are taken as they are. Wildcards are refused: the trust names each ref.
     */
    public static List<String> parseRefs(String text) {
        Set<String> refs = new LinkedHashSet<>();
        for (String part : (text == null ? "" : text).split(",")) {
            String ref = part.trim();
            if (ref.isEmpty()) {
                continue;
            }
            String name;
            if (ref.startsWith("refs/heads/") || ref.startsWith("refs/tags/")) {
                name = ref.substring(ref.indexOf('/', 5) + 1);
            } else if (ref.startsWith("refs/")) {
                throw new InvalidSettingException(DEPLOY_REFS, "'" + ref + "' is neither a branch (refs/heads/...)"
                        + " nor a tag (refs/tags/...): only pushes of those can deploy.");
            } else {
                name = ref;
                ref = "refs/heads/" + ref;
            }
            if (!REF_NAME.matcher(name).matches() || name.contains("..") || name.startsWith("/")
                    || name.endsWith("/") || name.endsWith(".lock") || name.contains("//")) {
                throw new InvalidSettingException(DEPLOY_REFS, "'" + part.trim() + "' is not a branch or tag name"
                        + " goaws accepts: letters, digits, '.', '_', '-' and '/' (no '..', no leading or trailing '/')."
                        + (name.matches(".*[*?\\[].*") ? " Wildcards are refused: the trust policy names every ref"
                        + " that may deploy, exactly." : ""));
            }
            refs.add(ref);
        }
        return new ArrayList<>(refs);
    }

    /** {@code <stackPrefix>-ci}: one per project and account (its roles serve every stage). */
    public String stackName() {
        return stackPrefix + "-ci";
    }

    /** The branch names among {@link #deployRefs()}, for the workflow's push trigger. */
    public List<String> deployBranches() {
        return deployRefs.stream().filter(r -> r.startsWith("refs/heads/")).map(r -> r.substring(11)).toList();
    }

    /** The tag names among {@link #deployRefs()}, for the workflow's push trigger. */
    public List<String> deployTags() {
        return deployRefs.stream().filter(r -> r.startsWith("refs/tags/")).map(r -> r.substring(10)).toList();
    }
}
