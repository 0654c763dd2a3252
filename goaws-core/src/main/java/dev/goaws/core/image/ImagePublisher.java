package dev.goaws.core.image;

import dev.goaws.core.engine.DockerDaemon;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.goaws.core.FileTrees;
import dev.goaws.core.ImageSource;
import dev.goaws.core.Sha256;
import dev.goaws.core.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Turns a dist directory (written by {@code goaws:build-app}) into the container stack's {@link ImageSource}:
 * the entry point for the deploy goals.
 *
 * <ul>
 *   <li>{@code goaws.image} set: that image, nothing built;</li>
 *   <li>Docker mode: {@link ImageSource.Directory} (the cdk CLI builds it as an image asset at deploy time);</li>
 *   <li>Jib mode: builds and pushes the image, returns {@link ImageSource.Registry} pinned by digest
 *       ({@code <registry>/<repository>@sha256:...}).</li>
 * </ul>
 */
public final class ImagePublisher {

    /**
     * @param distDirectory           the dist directory ({@code goaws.imageDirectory})
     * @param mode                    {@code goaws.imageBuilder}
     * @param prebuiltImage           {@code goaws.image}, or null
     * @param imageRepository         {@code goaws.imageRepository}: a repository ({@code host/path}, optionally
     *                                {@code :tag}); null means the CDK bootstrap's ECR container-assets repository
     * @param allowInsecureRegistries plain HTTP to registries (a local test registry only)
     * @param baseImageCache          Jib's base image layer cache, or null for Jib's default (user cache)
     * @param applicationCache        where each Jib build keeps its own application layer cache (deleted after
     *                                the build), or null for the system's temporary directory
     * @param dockerConfig            a Docker {@code config.json} with logins for non-ECR registries, or null
     */
    public record Request(Path distDirectory, ImageBuilderMode mode, String prebuiltImage, String imageRepository,
            boolean allowInsecureRegistries, Path baseImageCache, Path applicationCache, Path dockerConfig) {
    }

    private ImagePublisher() {
    }

    /**
     * Registry logins for non-ECR registries, where the Docker CLI keeps them ({@code $DOCKER_CONFIG/config.json},
     * else {@code ~/.docker/config.json}); null when there is no such file.
     */
    public static Path dockerConfig(Map<String, String> environment, String userHome) {
        String dir = environment.get("DOCKER_CONFIG");
        Path config = dir != null ? Path.of(dir, "config.json") : Path.of(userHome, ".docker", "config.json");
        return Files.isRegularFile(config) ? config : null;
    }

    /** {@link #publish(Request, BooleanSupplier, Supplier, Consumer)} with the Docker CLI's daemon check. */
    public static ImageSource publish(Request request, Supplier<EcrClient> ecr, Consumer<String> log)
            throws ImageBuildException {
        return publish(request, DockerDaemon::isReachable, ecr, log);
    }

    /**
     * Publishes as {@code request} says and returns what the container stack should run. Checks everything it
     * can (dist directory present, ECR login, repository exists) before it pushes anything.
     *
     * @param daemonReachable asked only in AUTO mode, e.g. {@code () -> DockerDaemon.isReachable("docker", env)}
     * @param ecr             creates the ECR client, only when ECR is the target (AWS region + credentials from
     *                        the SDK's default chains), e.g. {@code EcrClient::create}
     */
    public static ImageSource publish(Request request, BooleanSupplier daemonReachable, Supplier<EcrClient> ecr,
            Consumer<String> log) throws ImageBuildException {
        switch (request.mode().decide(request.prebuiltImage(), daemonReachable)) {
            case PREBUILT:
                return new ImageSource.Registry(request.prebuiltImage().trim());
            case DOCKER:
                DistLayout.read(request.distDirectory());
                return new ImageSource.Directory(request.distDirectory());
            default:
                return new ImageSource.Registry(push(request, ecr, log).reference());
        }
    }

    /** Builds and pushes with Jib (whatever the mode); {@code reference()} of the result is pinned by digest. */
    public static JibImageBuilder.Built push(Request request, Supplier<EcrClient> ecr, Consumer<String> log)
            throws ImageBuildException {
        DistLayout layout = DistLayout.read(request.distDirectory());
        String tag = contentTag(layout);
        String repository = request.imageRepository();
        JibImageBuilder.Credentials credentials = null;
        String reference;
        if (repository == null || repository.isBlank()) {
            try (EcrClient client = ecr.get()) {
                EcrRegistry registry = new EcrRegistry(client);
                EcrRegistry.Login login = registry.login();
                String name = EcrRegistry.bootstrapRepository(login.account(), login.region());
                registry.requireRepository(login, name);
                var existing = registry.digestOf(name, tag);
                if (existing.isPresent()) {
                    log.accept("Image " + tag + " is already in " + name + ": nothing to push.");
                    return new JibImageBuilder.Built(existing.get(), null, login.registry() + "/" + name + "@" + existing.get());
                }
                credentials = login.credentials();
                reference = login.registry() + "/" + name + ":" + tag;
            }
        } else {
            ImageReference parsed = parse(repository.trim());
            // A tag the user wrote wins; without one, the content tag (never a moving 'latest').
            String lastSegment = repository.substring(repository.lastIndexOf('/') + 1);
            String qualifier = lastSegment.contains(":") ? parsed.getTag().orElse(tag) : tag;
            if (EcrRegistry.isEcrHost(parsed.getRegistry())) {
                try (EcrClient client = ecr.get()) {
                    EcrRegistry registry = new EcrRegistry(client);
                    EcrRegistry.Login login = registry.login();
                    registry.requireRepository(login, parsed.getRepository());
                    credentials = login.credentials();
                }
            }
            reference = parsed.getRegistry() + "/" + parsed.getRepository() + ":" + qualifier;
        }
        log.accept("Building and pushing " + reference + " with Jib (no Docker)");
        JibImageBuilder.Built built = JibImageBuilder.build(layout, new JibImageBuilder.Target.Registry(reference, credentials),
                options(request), log);
        log.accept("Pushed " + built.reference());
        return built;
    }

    /** Writes the image as an OCI tarball (no registry push; the base image is still pulled). */
    public static JibImageBuilder.Built writeTar(Request request, Path tarFile, Consumer<String> log)
            throws ImageBuildException {
        DistLayout layout = DistLayout.read(request.distDirectory());
        String name = "goaws/" + layout.appJar().replaceFirst("\\.jar$", "").toLowerCase().replaceAll("[^a-z0-9._-]", "-")
                + ":" + contentTag(layout);
        return JibImageBuilder.build(layout, new JibImageBuilder.Target.Tar(tarFile, name), options(request), log);
    }

    static JibImageBuilder.Options options(Request request) {
        return new JibImageBuilder.Options(request.allowInsecureRegistries(), request.baseImageCache(),
                request.applicationCache(), request.dockerConfig());
    }

    private static ImageReference parse(String repository) {
        try {
            if (repository.contains("@")) {
                throw new InvalidImageReferenceException(repository);
            }
            return ImageReference.parse(repository);
        } catch (InvalidImageReferenceException e) {
            throw new InvalidSettingException("goaws.imageRepository", "'" + repository + "' is not a repository"
                    + " reference, without a digest, e.g. 127.0.0.1:5000/app or <account>.dkr.ecr.<region>.amazonaws.com/<repository>.");
        }
    }

    /**
     * {@code goaws-<24 hex>} from everything that makes the image (files and descriptor): the same app gives the
     * same tag, so immutable-tag repositories (the CDK bootstrap one) can be checked before building.
     */
    /**
     * How goaws lays out an image's config, part of every content tag: the same dist built by an older goaws (whose
     * java command was the entrypoint) is another image, never mistaken for one already pushed.
     */
    private static final String IMAGE_FORMAT = "image format 2: the java command is the CMD, no ENTRYPOINT";

    public static String contentTag(DistLayout layout) throws ImageBuildException {
        try {
            MessageDigest sha = Sha256.digest();
            FileTrees.digest(sha, layout.appDirectory(), file -> true);
            sha.update(Files.readAllBytes(layout.directory().resolve(DistLayout.DESCRIPTOR)));
            sha.update(IMAGE_FORMAT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "goaws-" + Sha256.hex(sha).substring(0, 24);
        } catch (IOException e) {
            throw new ImageBuildException("Cannot read " + layout.directory() + ": " + e.getMessage(), e);
        }
    }
}
