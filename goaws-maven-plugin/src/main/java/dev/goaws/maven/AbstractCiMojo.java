package dev.goaws.maven;

import dev.goaws.core.ci.CiSettings;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code goaws:deploy-ci} and {@code goaws:pipeline} share, and must agree on: the repository whose workflows
 * may reach AWS, the refs that deploy, and whether pull requests get preview stages. Set them once in the plugin's
 * {@code <configuration>}.
 */
public abstract class AbstractCiMojo extends AbstractAwsMojo {

    /**
     * The GitHub repository, {@code owner/name} as GitHub spells it (the roles trust exactly its workflows).
     * Default: read from the git remote {@code origin} of the project's checkout.
     */
    @Parameter(property = "goaws.repository")
    protected String repository;

    /**
     * Comma-separated refs whose pushes deploy the production stage: branch names ({@code main} is
     * {@code refs/heads/main}) or {@code refs/tags/<tag>}; no wildcards. Only these can assume the deploy role.
     */
    @Parameter(property = "goaws.deployRefs", defaultValue = "main")
    protected String deployRefs;

    /**
     * Pull requests get a preview stage of their own ({@code pr-<number>}: all three stacks, at the cost of a stage
     * while the pull request is open), destroyed with its data when the pull request closes. This lets the
     * pull-request role deploy through the CDK bootstrap roles; without it, that role may only read and diff.
     */
    @Parameter(property = "goaws.previews", defaultValue = "false")
    protected boolean previews;

    /** The CI settings, validated: a malformed repository or an empty ref list is refused here, before AWS. */
    protected CiSettings ciSettings(String oidcProviderArn) {
        return CiSettings.of(settings(), repository, deployRefs, previews, oidcProviderArn,
                session.getCurrentProject().getBasedir().toPath());
    }
}
