package dev.goaws.core.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.io.IOException;
import java.util.Optional;

/**
 * Pins a registry base image by digest: the tag is resolved once, with the registry's manifest (or manifest
 * list) digest, so the image trained at build time and the image built again at deploy time start from the
 * same JRE. A start-up cache only loads on the JVM build that wrote it; under a moving tag ({@code 25-jre})
 * a later build could carry a patched JRE and silently lose the cache.
 */
public final class BaseImagePin {
    private BaseImagePin() {
    }

    /** Whether {@code baseImage} is a registry reference without a digest (a tag that can move). */
    public static boolean isMovingTag(ImageConfig config) {
        return config.baseImageTar().isEmpty() && !config.jlinkBase() && !config.baseImage().contains("@sha256:");
    }

    /**
     * {@code <registry>/<repository>:<tag>@sha256:<digest>} for the tag's current manifest.
     *
     * @param options whether plain HTTP is allowed, and the Docker config whose logins are used (anonymous
     *                pulls otherwise, as public registries allow)
     */
    public static String pin(String reference, JibImageBuilder.Options options) throws ImageBuildException {
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw new ImageBuildException("'" + reference + "' is not an image reference (goaws.baseImage).", e);
        }
        String tag = parsed.getTag().orElse("latest");
        FailoverHttpClient http = new FailoverHttpClient(options.allowInsecureRegistries(), false, event -> { });
        try {
            RegistryClient.Factory factory = RegistryClient.factory(EventHandlers.NONE, parsed.getRegistry(),
                    parsed.getRepository(), http).setUserAgent("goaws");
            Optional<Credential> credential = credential(parsed, options);
            credential.ifPresent(factory::setCredential);
            RegistryClient client = factory.newRegistryClient();
            // Bearer-token registries (ECR Public, Docker Hub) hand out anonymous pull tokens; others answer plainly.
            if (!client.doPullBearerAuth() && credential.isPresent()) {
                client.configureBasicAuth();
            }
            String digest = client.pullManifest(tag).getDigest().toString();
            return parsed.getRegistry() + "/" + parsed.getRepository() + ":" + tag + "@" + digest;
        } catch (IOException | RegistryException e) {
            throw explain(e, reference);
        } finally {
            try {
                http.shutDown();
            } catch (IOException ignored) {
                // connections of a finished lookup
            }
        }
    }

    private static ImageBuildException explain(Exception failure, String reference) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof com.google.cloud.tools.jib.api.InsecureRegistryException) {
                return new ImageBuildException("Cannot resolve the digest of " + reference + ": its registry has no"
                        + " trusted HTTPS. For a local test registry set goaws.allowInsecureRegistries=true.", failure);
            }
            if (t instanceof com.google.cloud.tools.jib.api.RegistryUnauthorizedException) {
                return new ImageBuildException("Cannot resolve the digest of " + reference + ": the registry wants a"
                        + " login (docker login), or pin goaws.baseImage yourself (<image>@sha256:<digest>).", failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new ImageBuildException("Registry unreachable for " + reference + " (" + root.getClass().getSimpleName()
                + ": " + root.getMessage() + "): check goaws.baseImage and the network, or use goaws.baseImage=jlink"
                + " offline.", failure);
    }

    private static Optional<Credential> credential(ImageReference reference, JibImageBuilder.Options options) {
        if (options.dockerConfig() == null) {
            return Optional.empty();
        }
        try {
            return CredentialRetrieverFactory.forImage(reference, event -> { }).dockerConfig(options.dockerConfig())
                    .retrieve();
        } catch (CredentialRetrievalException e) {
            return Optional.empty();
        }
    }
}
