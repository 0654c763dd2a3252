package dev.goaws.core.ci;

import dev.goaws.core.CiSettings;
import dev.goaws.core.GitHubRepository;
import dev.goaws.core.GoawsException;
import dev.goaws.core.Naming;
import dev.goaws.core.Strings;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployException;
import dev.goaws.core.deploy.DeployGoals;
import dev.goaws.core.deploy.Deployment;
import dev.goaws.core.stacks.CiStack;
import dev.goaws.core.synth.Assembly;
import dev.goaws.core.synth.Synthesizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** {@code goaws:deploy-ci}, and where {@code goaws:pipeline} finds the roles it deployed. */
public final class CiGoals {
    private CiGoals() {
    }

    /**
     * Synthesizes the CI stack (cdk-nag unless {@code goaws.nag=false}) and deploys it with the cdk CLI into the
     * bootstrapped target. Before the CLI starts: the provider ARN must be of the target's account and exist, and
     * without one the account must not hold GitHub's provider already (an account holds one per issuer).
     */
    public static CiRoles deploy(DeployGoals.Request request, CiSettings ci) throws DeployException {
        request.cli().check(request.target());
        AwsTarget.AwsSession aws = DeployGoals.connect(request);
        requireProvider(ci, aws);
        Reporter out = request.reporter();
        out.info("Synthesizing " + ci.stackName() + " for GitHub repository " + ci.repository().slug());
        Assembly assembly = new Synthesizer(System.getenv()).synthesize(
                request.workspace().ciAssembly(), request.settings().nag(),
                app -> new CiStack(app, ci, request.settings().app().secrets()));
        Map<String, String> outputs = Deployment.open(request.settings(), assembly, aws, request.cli(),
                request.outputsFile(), out).deployStack(ci.stackName());
        CiRoles roles = CiRoles.fromOutputs(outputs);
        out.info("GitHub Actions of " + ci.repository().slug() + " may now reach " + aws.environment()
                + " without keys (OIDC):");
        out.info("  deploy role        " + roles.deployRoleArn() + " (pushes to " + String.join(", ", ci.deployRefs())
                + ")");
        out.info("  pull-request role  " + roles.previewRoleArn() + (ci.previews()
                ? " (diff, and preview stages pr-<number>)" : " (diff only)"));
        out.info("Next: mvn goaws:pipeline writes .github/workflows/goaws.yml, which assumes them.");
        return roles;
    }

    /**
     * The CI settings of a project named by {@code naming}: {@code repository} ({@code owner/name}; blank: read
     * from the git remote {@code origin} of the checkout around {@code projectDirectory}) and the comma-separated
     * {@code deployRefs}, validated before anything is synthesized or called.
     */
    public static CiSettings settings(Naming naming, String repository, String deployRefs, boolean previews,
            String oidcProviderArn, Path projectDirectory) {
        GitHubRepository repo = Strings.blankToNull(repository) != null ? GitHubRepository.parse(repository)
                : originRepository(projectDirectory);
        return CiSettings.of(naming, repo, deployRefs, previews, oidcProviderArn);
    }

    private static GitHubRepository originRepository(Path projectDirectory) {
        try {
            GitCheckout checkout = GitCheckout.containing(projectDirectory).orElseThrow(() ->
                    new InvalidSettingException(GitHubRepository.SETTING, projectDirectory + " is not in a git"
                            + " checkout, so the GitHub repository cannot be read from its remote origin: set"
                            + " goaws.repository=owner/name."));
            String url = checkout.originUrl().orElseThrow(() -> new InvalidSettingException(
                    GitHubRepository.SETTING, "the git checkout " + checkout.root() + " has no remote 'origin' to"
                    + " read the GitHub repository from: set goaws.repository=owner/name."));
            return GitHubRepository.fromRemoteUrl(url).orElseThrow(() -> new InvalidSettingException(
                    GitHubRepository.SETTING, "the remote origin " + url + " is not a github.com repository: set"
                    + " goaws.repository=owner/name."));
        } catch (IOException e) {
            throw new GoawsException("Cannot read the git checkout around " + projectDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    /** The outputs of the deployed CI stack {@code stackName} in {@code aws}, if it is deployed. */
    public static Optional<Map<String, String>> deployedOutputs(AwsTarget.AwsSession aws, String stackName) {
        try (CloudFormationClient cfn = aws.cloudFormation()) {
            return cfn.describeStacks(b -> b.stackName(stackName)).stacks().stream()
                    .filter(stack -> !"DELETE_COMPLETE".equals(stack.stackStatusAsString()))
                    .findFirst().map(CiGoals::outputs);
        } catch (software.amazon.awssdk.services.cloudformation.model.CloudFormationException e) {
            if (String.valueOf(e.getMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Map<String, String> outputs(Stack stack) {
        Map<String, String> outputs = new TreeMap<>();
        stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        return outputs;
    }

    private static void requireProvider(CiSettings ci, AwsTarget.AwsSession aws) throws DeployException {
        try (IamClient iam = aws.iam()) {
            if (ci.oidcProviderArn() != null) {
                String account = ci.oidcProviderArn().split(":")[4];
                if (!account.equals(aws.account())) {
                    throw new InvalidSettingException(CiSettings.OIDC_PROVIDER_ARN, "the provider is in account "
                            + account + ", but the credentials deploy to " + aws.account() + ": the roles can only"
                            + " trust a provider of their own account.");
                }
                try {
                    iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(ci.oidcProviderArn()));
                } catch (NoSuchEntityException e) {
                    throw new InvalidSettingException(CiSettings.OIDC_PROVIDER_ARN, "there is no provider "
                            + ci.oidcProviderArn() + " in " + aws.environment() + ". Leave goaws.oidcProviderArn"
                            + " unset to create it with the stack.");
                }
                return;
            }
            List<String> existing = iam.listOpenIDConnectProviders().openIDConnectProviderList().stream()
                    .map(p -> p.arn()).filter(arn -> arn.endsWith(":oidc-provider/" + CiSettings.TOKEN_ISSUER))
                    .toList();
            if (!existing.isEmpty() && !ownedByStack(aws, ci.stackName(), existing.get(0))) {
                throw new InvalidSettingException(CiSettings.OIDC_PROVIDER_ARN, "the account already has GitHub's"
                        + " OIDC provider " + existing.get(0) + " (an account holds one per issuer, e.g. from another"
                        + " repository's CI stack). Use it: -Dgoaws.oidcProviderArn=" + existing.get(0));
            }
        }
    }

    /** True when the deployed stack {@code stackName} created the provider {@code arn} (a redeploy keeps it). */
    private static boolean ownedByStack(AwsTarget.AwsSession aws, String stackName, String arn) {
        try (CloudFormationClient cfn = aws.cloudFormation()) {
            return cfn.describeStackResources(b -> b.stackName(stackName)).stackResources().stream()
                    .anyMatch(r -> r.resourceType().equals("AWS::IAM::OIDCProvider")
                            && arn.equals(r.physicalResourceId()));
        } catch (software.amazon.awssdk.services.cloudformation.model.CloudFormationException e) {
            return false; // no such stack
        }
    }
}
