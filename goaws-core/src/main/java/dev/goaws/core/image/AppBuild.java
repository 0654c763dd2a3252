package dev.goaws.core.image;

import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@code goaws:build-app}: packages the app into the image context (dist directory), optionally writes the
 * image as a tarball, and in Jib mode pushes it when asked. The one entry point of the goal.
 */
public final class AppBuild {
    /** The file beside the assembly that holds the digest reference of the last pushed image. */
    public static final String REFERENCE_FILE = "image-reference";

    /**
     * @param app             what to package, asked only when something is to be built; null when there is
     *                        nothing to package (a pom project): skipped
     * @param config          base image, JVM flags, port and user of the container
     * @param image           the dist directory and how Jib builds from it ({@code mode}, {@code prebuiltImage}, …)
     * @param push            push now ({@code goaws.push}, or implied by an {@code imageRepository})
     * @param imageTar        also write an OCI tarball here, or null
     * @param outputDirectory where {@link #REFERENCE_FILE} goes
     * @param ecr             an ECR client for the configured AWS target, created only when ECR is pushed to
     * @param daemonReachable asked only when the builder is not configured
     * @param startupCache    {@code goaws.startupCache}
     * @param training        the training run's settings, asked only when a start-up cache may be made; empty when
     *                        no container engine answers
     * @param jlink           which JDK a {@code goaws.baseImage=jlink} base is linked from and where it is cached,
     *                        asked only in that mode
     */
    public record Request(Supplier<AppInput> app, ImageConfig config, ImagePublisher.Request image, boolean push,
            Path imageTar, Path outputDirectory, Supplier<EcrClient> ecr, BooleanSupplier daemonReachable,
            StartupCacheMode startupCache, Supplier<Optional<ClassDataTraining.Settings>> training,
            Supplier<JlinkBaseImage.Settings> jlink, Reporter reporter) {
    }

    /** {@code goaws.startupCache}: unset (AUTO), {@code true} (ON) or {@code false} (OFF). */
    public enum StartupCacheMode {
        /** Made whenever it can be; when it cannot, the log says why in one line and the image starts without it. */
        AUTO,
        /** Made, or the build fails saying why. */
        ON,
        /** Not made. */
        OFF;

        public static StartupCacheMode of(Boolean value) {
            return value == null ? AUTO : value ? ON : OFF;
        }

        /**
         * {@code goaws.startupCache}, or its former name {@code goaws.classDataSharing} (an opt-in before the cache
         * became the default), which is still read with a warning; the two set against each other are refused.
         */
        public static StartupCacheMode of(Boolean value, Boolean formerName, Consumer<String> warn) {
            if (formerName == null) {
                return of(value);
            }
            if (value != null && !value.equals(formerName)) {
                throw new InvalidSettingException("goaws.classDataSharing", formerName + " against"
                        + " goaws.startupCache=" + value + ": goaws.classDataSharing is the former name of"
                        + " goaws.startupCache. Set only goaws.startupCache.");
            }
            warn.accept("goaws.classDataSharing is now goaws.startupCache (and on by default): use"
                    + " -Dgoaws.startupCache=" + formerName + ".");
            return of(formerName);
        }
    }

    /** What was built: the dist layout, and the pushed image when one was pushed. */
    public record Result(DistLayout layout, Optional<JibImageBuilder.Built> pushed) {
    }

    private AppBuild() {
    }

    /** @return empty when there was nothing to build (a prebuilt {@code goaws.image}, or no app) */
    public static Optional<Result> run(Request request) throws ImageBuildException {
        Reporter log = request.reporter();
        ImagePublisher.Request image = request.image();
        BuildDecision decision = image.mode().decide(image.prebuiltImage(), request.daemonReachable());
        if (decision == BuildDecision.PREBUILT) {
            log.info("goaws.image is set (" + image.prebuiltImage() + "): nothing to build.");
            return Optional.empty();
        }
        Optional<DistLayout> context = context(request, decision);
        if (context.isEmpty()) {
            return Optional.empty();
        }
        DistLayout layout = context.get();
        Path dist = image.distDirectory();
        if (request.imageTar() != null) {
            JibImageBuilder.Built tar = ImagePublisher.writeTar(image, request.imageTar(), log::info);
            log.info("Wrote OCI image tarball " + request.imageTar() + " (" + tar.reference() + ", " + tar.digest()
                    + ")");
        }
        if (decision == BuildDecision.DOCKER) {
            log.info("Image builder: docker. deploy-container builds " + dist + " as a CDK image asset (the Docker"
                    + " daemon must run then).");
            return Optional.of(new Result(layout, Optional.empty()));
        }
        boolean pushNow = request.push() || (image.imageRepository() != null && !image.imageRepository().isBlank());
        if (!pushNow) {
            log.info("Image builder: jib (no Docker daemon" + (image.mode() == ImageBuilderMode.JIB ? " needed"
                    : " found") + "). deploy-container builds and pushes the image; -Dgoaws.push=true does it now.");
            return Optional.of(new Result(layout, Optional.empty()));
        }
        long pushStart = System.nanoTime();
        JibImageBuilder.Built built = ImagePublisher.push(image, request.ecr(), log::info);
        Path referenceFile = request.outputDirectory().resolve(REFERENCE_FILE);
        try {
            Files.createDirectories(referenceFile.getParent());
            Files.writeString(referenceFile, built.reference() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ImageBuildException("Pushed " + built.reference() + ", but cannot write " + referenceFile
                    + ": " + e.getMessage(), e);
        }
        log.info("Image " + built.reference() + " in " + millisSince(pushStart) + " ms (written to " + referenceFile
                + "; deploy with -Dgoaws.image=" + built.reference() + ")");
        return Optional.of(new Result(layout, Optional.of(built)));
    }

    /**
     * Writes the image context (the dist directory) as {@code decision} needs it, with the class-data archive
     * when one is asked for; what {@code goaws:up} calls when build-app's output is missing or stale (with
     * {@link BuildDecision#JIB}: the local cloud builds the image with Jib).
     *
     * @return empty when there is no app to package
     */
    public static Optional<DistLayout> context(Request request, BuildDecision decision) throws ImageBuildException {
        Reporter log = request.reporter();
        ImagePublisher.Request image = request.image();
        ImageConfig config = request.config();
        if (decision == BuildDecision.DOCKER && (config.baseImageTar().isPresent() || config.jlinkBase())) {
            throw new InvalidSettingException("goaws.baseImage", "a " + (config.jlinkBase() ? "jlink" : "tar://")
                    + " base image is read by Jib only; Docker builds FROM a registry image. Set"
                    + " goaws.imageBuilder=jib, or a registry base image.");
        }
        if (config.jlinkBase()) {
            JlinkBaseImage.requireLinux(System.getProperty("os.name"));
        }
        StartupCacheMode mode = request.startupCache();
        ClassDataTraining.Settings training = null;
        String notMade = null;
        if (mode != StartupCacheMode.OFF) {
            if (decision == BuildDecision.DOCKER) {
                notMade = "Docker builds the image only at deploy time, so nothing can be trained into it"
                        + " (goaws.imageBuilder=jib builds and trains it here)";
            } else {
                Optional<ClassDataTraining.Settings> settings = request.training().get();
                notMade = settings.isEmpty() ? "no container engine answers at build time to run the training"
                        + " (podman or Docker; goaws.containerEngine)" : null;
                training = settings.orElse(null);
            }
            if (notMade != null && mode == StartupCacheMode.ON) {
                throw new InvalidSettingException("goaws.startupCache", "true, but " + notMade + ". Leave"
                        + " goaws.startupCache unset to build without the cache when it cannot be made, or set it to"
                        + " false.");
            }
        }
        AppInput app = request.app().get();
        if (app == null) {
            return Optional.empty();
        }
        if (config.jlinkBase()) {
            config = config.withBaseImage(ImageConfig.TAR_PREFIX + JlinkBaseImage.image(request.jlink().get(), log::info));
        }
        if (training != null && BaseImagePin.isMovingTag(config)) {
            try {
                String pinned = BaseImagePin.pin(config.baseImage(), ImagePublisher.options(image));
                log.info("Base image " + config.baseImage() + " pinned to " + pinned + " (a start-up cache fits only"
                        + " the JRE it was trained on)");
                config = config.withBaseImage(pinned);
            } catch (ImageBuildException e) {
                if (mode == StartupCacheMode.ON) {
                    throw e;
                }
                notMade = "the base image's digest could not be resolved (" + e.getMessage() + ")";
                training = null;
            }
        }
        Path dist = image.distDirectory();
        long start = System.nanoTime();
        DistLayout layout = AppPackager.pack(app, config, dist);
        log.info("Wrote " + dist + " in " + millisSince(start) + " ms: app/" + layout.appJar() + " (main class "
                + layout.mainClass() + "), " + layout.libs().size() + " dependency jar(s) in app/lib/"
                + (layout.assets() ? ", app/assets/" : "") + ", Dockerfile (FROM " + config.baseImage() + ", port "
                + config.port() + ", user " + config.user() + ")");
        if (training != null) {
            try {
                layout = ClassDataTraining.train(layout, image, training,
                        request.outputDirectory().resolve("class-data-training"), log::info);
            } catch (ImageBuildException e) {
                if (mode == StartupCacheMode.ON) {
                    throw e;
                }
                log.warn("Start-up cache: not made, the image starts without it (goaws.startupCache=false skips the"
                        + " training run): " + e.getMessage());
            }
        } else if (notMade != null) {
            log.info("Start-up cache: not made, " + notMade + "; the image starts without it.");
        }
        return Optional.of(layout);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
