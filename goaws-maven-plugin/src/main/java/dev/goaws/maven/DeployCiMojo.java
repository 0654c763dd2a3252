package dev.goaws.maven;

import dev.goaws.core.ci.CiGoals;
import dev.goaws.core.ci.CiSettings;
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
public class DeployCiMojo extends AbstractCiMojo {

    /**
     * The account's existing OIDC provider for GitHub Actions
     * ({@code arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com}): an account holds one per
     * issuer, so a second repository's CI stack names the first one's. Unset: the stack creates it.
     */
    @Parameter(property = "goaws.oidcProviderArn")
    protected String oidcProviderArn;

    @Override
    protected void run() {
        CiSettings ci = ciSettings(oidcProviderArn);
        CiGoals.deploy(deployRequest(settings()), ci);
    }
}
