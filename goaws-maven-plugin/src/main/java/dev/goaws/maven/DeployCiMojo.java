package dev.goaws.maven;

import dev.goaws.core.CiSettings;
import dev.goaws.core.ci.CiGoals;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deploys the {@code <stackPrefix>-ci} stack, once per account and region: GitHub's OIDC identity provider (or the
 * account's existing one) and two roles that only {@code goaws.repository}'s workflows can assume, without keys: the
 * deploy role for pushes to {@code goaws.deployRefs}, the pull-request role for pull requests. Neither has a write
 * permission of its own: they may assume the CDK bootstrap roles of the account and region (pull requests only the
 * read-only lookup role, unless {@code goaws.previews}) and read this project's stacks. The account must be
 * bootstrapped ({@code goaws:bootstrap}). Then {@code goaws:pipeline} writes the workflow that uses the roles.
 */
@Mojo(name = "deploy-ci", threadSafe = true)
public class DeployCiMojo extends AbstractCdkMojo {

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


    /**
     * The account's existing OIDC provider for GitHub Actions
     * ({@code arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com}): an account holds one per
     * issuer, so a second repository's CI stack names the first one's. Unset: the stack creates it.
     */
    @Parameter(property = "goaws.oidcProviderArn")
    protected String oidcProviderArn;

    @Override
    protected void run() {
        // Refused here, naming the parameter, before anything is synthesized or called.
        CiSettings ci = CiGoals.settings(naming(), repository, deployRefs, previews, oidcProviderArn,
                session.getCurrentProject().getBasedir().toPath());
        CiGoals.deploy(deployRequest(settings()), ci);
    }
}
