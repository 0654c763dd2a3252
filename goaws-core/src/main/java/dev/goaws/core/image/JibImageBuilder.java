package dev.goaws.core.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.goaws.core.FileTrees;
import dev.goaws.core.InvalidSettingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds the dist directory's image with Jib: no Docker daemon, no Dockerfile execution. The layers mirror the
 * Dockerfile's COPY lines (dependencies, assets, app — in that order, so the app's small layer is on top) and
 * the config comes from the same {@link ImageConfig}. Jib fixes every file time and the creation time, so the
 * same dist directory gives the same digest.
 */
public final class JibImageBuilder {

    /** Where the image goes. */
    public sealed interface Target {
        /** A registry repository reference with a tag, e.g. {@code 127.0.0.1:5000/app:v1}. */
        record Registry(String reference, Credentials credentials) implements Target {
        }

        /** An OCI image tarball file ({@code oci-layout} + {@code index.json}), tagged {@code name}. */
        record Tar(Path file, String name) implements Target {
        }
    }

    /** Registry credentials. {@code toString} never shows the password. */
    public record Credentials(String username, String password, String source) {
        @Override
        public String toString() {
            return "Credentials[" + username + " from " + source + "]";
        }
    }

    /** The built image: {@code digest} is the manifest digest a registry serves it under. */
    public record Built(String digest, String imageId, String reference) {
    }

    /** Options that are not part of the image. */
    public record Options(boolean allowInsecureRegistries, Path baseImageCache, Path applicationCache,
            Path dockerConfig) {
    }

    private JibImageBuilder() {
    }

    /** The layers, bottom to top: dependencies change least, the app's own classes most. */
    static List<FileEntriesLayer> layers(DistLayout layout) throws IOException {
        AbsoluteUnixPath app = AbsoluteUnixPath.get(ImageConfig.APP_DIR);
        List<FileEntriesLayer> layers = new ArrayList<>();
        if (!layout.libs().isEmpty()) {
            FileEntriesLayer.Builder dependencies = FileEntriesLayer.builder().setName("dependencies");
            for (String lib : layout.libs()) {
                dependencies.addEntry(layout.libDirectory().resolve(lib), app.resolve("lib").resolve(lib));
            }
            layers.add(dependencies.build());
        }
        if (layout.assets()) {
            FileEntriesLayer.Builder assets = FileEntriesLayer.builder().setName("assets");
            try (Stream<Path> files = Files.walk(layout.assetsDirectory())) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String relative = layout.assetsDirectory().relativize(file).toString().replace('\\', '/');
                    assets.addEntry(file, app.resolve("assets").resolve(relative));
                }
            }
            layers.add(assets.build());
        }
        layers.add(FileEntriesLayer.builder().setName("app")
                .addEntry(layout.appJarPath(), app.resolve(layout.appJar())).build());
        if (layout.classDataArchive()) {
            // On top: it is trained anew with every app change.
            layers.add(FileEntriesLayer.builder().setName("class-data")
                    .addEntry(layout.classDataArchivePath(), app.resolve(DistLayout.CLASS_DATA_ARCHIVE)).build());
        }
        return layers;
    }

    /** The base image: a registry image (with the Docker CLI's logins) or, offline, an image tarball. */
    private static JibContainerBuilder base(ImageConfig config, Options options, Consumer<String> log)
            throws InvalidImageReferenceException {
        Optional<Path> tar = config.baseImageTar();
        if (tar.isPresent()) {
            return Jib.from(TarImage.at(tar.get()));
        }
        ImageReference baseReference = ImageReference.parse(config.baseImage());
        RegistryImage base = RegistryImage.named(baseReference);
        if (options.dockerConfig() != null) {
            base.addCredentialRetriever(dockerConfig(baseReference, options.dockerConfig(), log));
        }
        return Jib.from(base);
    }

    public static Built build(DistLayout layout, Target target, Options options, Consumer<String> log)
            throws ImageBuildException {
        ImageConfig config = layout.config();
        String where = target instanceof Target.Registry r ? r.reference() : ((Target.Tar) target).file().toString();
        Path appCache = null;
        try {
            JibContainerBuilder builder = base(config, options, log)
                    .setFormat(ImageFormat.OCI)
                    .setCreationTime(Instant.EPOCH)
                    .setFileEntriesLayers(layers(layout))
                    .setWorkingDirectory(AbsoluteUnixPath.get(ImageConfig.APP_DIR))
                    // The command is the whole process (see ImageConfig#command); the base's entrypoint is cleared.
                    .setEntrypoint(List.of())
                    .setProgramArguments(layout.command())
                    .setExposedPorts(Port.tcp(config.port()))
                    .setUser(config.user());
            config.environment().forEach(builder::addEnvironmentVariable);

            Containerizer containerizer;
            String reference;
            if (target instanceof Target.Registry registry) {
                ImageReference ref = ImageReference.parse(registry.reference());
                RegistryImage image = RegistryImage.named(ref);
                if (registry.credentials() != null) {
                    image.addCredential(registry.credentials().username(), registry.credentials().password());
                } else if (options.dockerConfig() != null) {
                    image.addCredentialRetriever(dockerConfig(ref, options.dockerConfig(), log));
                }
                containerizer = Containerizer.to(image);
                reference = ref.getRegistry() + "/" + ref.getRepository();
            } else {
                Target.Tar tar = (Target.Tar) target;
                Files.createDirectories(tar.file().toAbsolutePath().getParent());
                containerizer = Containerizer.to(TarImage.at(tar.file()).named(tar.name()));
                reference = tar.name();
            }
            containerizer.setToolName("goaws")
                    .setAllowInsecureRegistries(options.allowInsecureRegistries())
                    .addEventHandler(LogEvent.class, event -> {
                        if (event.getLevel() == LogEvent.Level.LIFECYCLE || event.getLevel() == LogEvent.Level.WARN
                                || event.getLevel() == LogEvent.Level.ERROR) {
                            log.accept(event.getMessage());
                        }
                    });
            if (options.baseImageCache() != null) {
                containerizer.setBaseImageLayersCache(options.baseImageCache());
            }
            // One application-layer cache per build: Jib picks cached layers by source path and modification
            // time, not content, and the packager gives every dist file the same time (reproducible images), so
            // a kept cache would hand back the old layer for a jar changed in place at the same path. The app's
            // layers are recompressed each build; the registry still receives only the blobs it lacks.
            Path root = options.applicationCache() != null
                    ? Files.createDirectories(options.applicationCache())
                    : Path.of(System.getProperty("java.io.tmpdir"));
            appCache = Files.createTempDirectory(root, "jib-app-");
            containerizer.setApplicationLayersCache(appCache);
            JibContainer container = builder.containerize(containerizer);
            String digest = container.getDigest().toString();
            return new Built(digest, container.getImageId().toString(),
                    target instanceof Target.Registry ? reference + "@" + digest : reference);
        } catch (InvalidImageReferenceException e) {
            throw new InvalidSettingException("goaws.imageRepository", "'" + e.getInvalidReference()
                    + "' is not an image reference, e.g. 127.0.0.1:5000/app:1.0 or"
                    + " <account>.dkr.ecr.<region>.amazonaws.com/<repository>.");
        } catch (ExecutionException e) {
            throw explain(e.getCause() == null ? e : e.getCause(), config.baseImage(), where);
        } catch (RegistryException | IOException e) {
            throw explain(e, config.baseImage(), where);
        } catch (CacheDirectoryCreationException e) {
            throw new ImageBuildException("Jib cannot create its layer cache: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("Interrupted while building the image for " + where, e);
        } finally {
            deleteQuietly(appCache);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory != null) {
            try {
                FileTrees.deleteRecursively(directory);
            } catch (IOException e) {
                // a leftover temporary cache costs disk space only
            }
        }
    }

    private static CredentialRetriever dockerConfig(ImageReference reference, Path config, Consumer<String> log) {
        return CredentialRetrieverFactory.forImage(reference, event -> {
            if (event.getLevel() == LogEvent.Level.WARN) {
                log.accept(event.getMessage());
            }
        }).dockerConfig(config);
    }

    /** Translates Jib's failures into what to fix; a refused or unreachable registry fails before any blob is sent. */
    static ImageBuildException explain(Throwable failure, String base, String target) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnauthorizedException e) {
                return new ImageBuildException("Authentication refused by the registry for " + e.getImageReference()
                        + ". For ECR: AWS credentials"
                        + " allowed ecr:GetAuthorizationToken and to push to the repository; for another registry:"
                        + " a login in the Docker config (docker login). Base image " + base + ", target " + target
                        + ".", failure);
            }
            if (t instanceof com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException) {
                return new ImageBuildException("The registry of " + target + " wants a login, but it speaks plain"
                        + " HTTP and credentials are never sent over HTTP. Use an HTTPS registry; nothing was pushed.",
                        failure);
            }
            if (t instanceof InsecureRegistryException) {
                return new ImageBuildException("The registry of " + target + " or " + base + " has no trusted HTTPS."
                        + " For a local test registry set goaws.allowInsecureRegistries=true; never for a remote one.",
                        failure);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return new ImageBuildException("Registry unreachable (" + t.getClass().getSimpleName() + ": "
                        + t.getMessage() + "). Check goaws.imageRepository (target " + target + "), goaws.baseImage ("
                        + base + ") and the network; nothing was pushed.", failure);
            }
        }
        return new ImageBuildException("Building the image " + target + " from " + base + " failed: " + failure,
                failure);
    }
}
