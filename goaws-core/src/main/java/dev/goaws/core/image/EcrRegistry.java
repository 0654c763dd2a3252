package dev.goaws.core.image;

import dev.goaws.core.EcrAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * ECR as Jib's push target: a login from {@code GetAuthorizationToken} (the AWS SDK's default credentials, the
 * token never logged) and the CDK bootstrap's container-assets repository as the default.
 */
public final class EcrRegistry {
    /** The CDK's default bootstrap qualifier: {@code cdk bootstrap} creates this repository. */
    public static final String BOOTSTRAP_QUALIFIER = "hnb659fds";

    /** A registry login. {@code toString} keeps the token out of logs. */
    public record Login(String registry, String account, String region, JibImageBuilder.Credentials credentials) {
        @Override
        public String toString() {
            return "Login[" + registry + "]";
        }
    }

    private final EcrClient ecr;

    public EcrRegistry(EcrClient ecr) {
        this.ecr = ecr;
    }

    public static boolean isEcrHost(String host) {
        return EcrAddress.ofHost(host).isPresent();
    }

    /** {@code cdk-hnb659fds-container-assets-<account>-<region>}: exists after {@code cdk bootstrap}. */
    public static String bootstrapRepository(String account, String region) {
        return "cdk-" + BOOTSTRAP_QUALIFIER + "-container-assets-" + account + "-" + region;
    }

    public Login login() throws ImageBuildException {
        try {
            List<AuthorizationData> data = ecr.getAuthorizationToken(b -> { }).authorizationData();
            AuthorizationData auth = data.get(0);
            String decoded = new String(Base64.getDecoder().decode(auth.authorizationToken()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String registry = auth.proxyEndpoint().replaceFirst("^https?://", "").replaceFirst("/$", "");
            Optional<EcrAddress> host = EcrAddress.ofHost(registry);
            if (colon < 0 || host.isEmpty()) {
                throw new ImageBuildException("ECR returned an authorization this version cannot use (endpoint "
                        + registry + "). Set goaws.imageRepository to another registry or report this.");
            }
            return new Login(registry, host.get().account(), host.get().region(), new JibImageBuilder.Credentials(
                    decoded.substring(0, colon), decoded.substring(colon + 1), "ecr:GetAuthorizationToken"));
        } catch (EcrException e) {
            throw new ImageBuildException("ECR refused GetAuthorizationToken (" + e.awsErrorDetails().errorCode()
                    + "): the AWS credentials need ecr:GetAuthorizationToken. Nothing was pushed.", e);
        } catch (SdkClientException e) {
            throw new ImageBuildException("Cannot get an ECR login: " + e.getMessage() + " Set AWS credentials and"
                    + " AWS_REGION (or a profile), or use goaws.imageBuilder=docker, or goaws.imageTar for a"
                    + " tarball only.", e);
        }
    }

    /** Fails with the fix ({@code cdk bootstrap}) when the repository does not exist. */
    public void requireRepository(Login login, String repository) throws ImageBuildException {
        try {
            ecr.describeRepositories(b -> b.repositoryNames(repository));
        } catch (RepositoryNotFoundException e) {
            boolean bootstrap = repository.equals(bootstrapRepository(login.account(), login.region()));
            throw new ImageBuildException("ECR repository " + repository + " does not exist in " + login.account()
                    + "/" + login.region() + ". " + (bootstrap
                            ? "Run 'cdk bootstrap aws://" + login.account() + "/" + login.region() + "' once"
                            : "Create it")
                    + ", or set goaws.imageRepository to an existing repository.", e);
        } catch (EcrException e) {
            throw new ImageBuildException("ECR refused DescribeRepositories on " + repository + " ("
                    + e.awsErrorDetails().errorCode() + "). Nothing was pushed.", e);
        } catch (SdkClientException e) {
            throw new ImageBuildException("ECR unreachable: " + e.getMessage(), e);
        }
    }

    /**
     * The digest already pushed under {@code tag}, if any. The bootstrap repository has immutable tags, so an
     * image pushed once under its content tag is reused instead of pushed again.
     */
    public Optional<String> digestOf(String repository, String tag) throws ImageBuildException {
        try {
            var images = ecr.describeImages(b -> b.repositoryName(repository)
                    .imageIds(ImageIdentifier.builder().imageTag(tag).build())).imageDetails();
            return images.isEmpty() ? Optional.empty() : Optional.ofNullable(images.get(0).imageDigest());
        } catch (ImageNotFoundException e) {
            return Optional.empty();
        } catch (EcrException e) {
            throw new ImageBuildException("ECR refused DescribeImages on " + repository + " ("
                    + e.awsErrorDetails().errorCode() + "). Nothing was pushed.", e);
        } catch (SdkClientException e) {
            throw new ImageBuildException("ECR unreachable: " + e.getMessage(), e);
        }
    }
}
