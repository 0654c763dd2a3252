package dev.goaws.core.image;

import dev.goaws.core.AppEnvironment;
import dev.goaws.core.FileTrees;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.ServiceSettings;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.engine.ContainerSpec;
import dev.goaws.core.engine.EngineException;
import dev.goaws.core.engine.Loopback;
import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The start-up cache ({@code goaws.startupCache}), made by a training run of the very image that will ship: an
 * AppCDS archive on a Java 13–24 JVM, the AOT cache on Java 25+ ({@link StartupCache}). The JVM maps it instead
 * of loading, parsing and verifying the app's classes at every start (measured on the sample app at 0.25 vCPU:
 * docs/PERFORMANCE.md §4). A cache only fits the JVM build and the class path that wrote it, so the training
 * cannot happen on the build machine's JDK:
 * <ol>
 * <li>Jib builds the image as usual, into a tarball the container engine loads; {@code java -version} in it
 * says which cache its JVM makes;</li>
 * <li>the engine runs it as the image's user, <b>at the task's CPU and memory limits</b> (the JVM sizes its heap,
 * picks its collector and records its method profiles for the size it will run at), with the cache's training
 * flag and a mounted directory; goaws waits for the port to answer and requests the training paths;</li>
 * <li>the container is stopped (SIGTERM: the JVM writes the cache as it exits; JDK 25 starts a second JVM that
 * assembles it), the cache goes into the dist directory, and every later Jib build of it (push, tarball, the
 * local cloud) adds it as the top layer and maps it from the entrypoint.</li>
 * </ol>
 * The base image must be pinned (a digest, a tarball or a jlink base; {@link BaseImagePin} pins a tag): under a
 * moving tag the image built at deploy time could carry another JRE than the one trained on, and the JVM would
 * ignore the cache (with a warning). The training run gets the task's environment names ({@link
 * AppEnvironment#isolated}): a throwaway login, no AWS credentials, every AWS endpoint closed; so the app must
 * start without its backends, as the sample app does.
 */
public final class ClassDataTraining {
    /** Where the archive is written inside the training container. */
    static final String MOUNT_POINT = "/goaws-class-data";
    /** Long enough for JDK 25 to assemble its AOT cache at exit within a quarter core's quota. */
    private static final Duration STOP_GRACE = Duration.ofMinutes(5);
    private static final java.util.regex.Pattern JAVA_VERSION = java.util.regex.Pattern.compile(
            "version \"(?:1\\.)?(\\d+)");
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rwx------");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param engine          runs the training container
     * @param paths           requested during the training run (GET; any status: a 401 trains the same code)
     * @param requestsPerPath how often each path is requested
     * @param startTimeout    how long the app may take to answer its first request
     * @param region          the training run's AWS_REGION (it calls no AWS API)
     * @param tableParameter  its table parameter (the same: read by nothing the training requests)
     * @param cpus            the task's CPU as the engine's {@code --cpus}, e.g. {@code 0.25}
     * @param memoryMiB       the task's memory limit
     */
    public record Settings(ContainerEngine engine, List<String> paths, int requestsPerPath, Duration startTimeout,
            String region, String tableParameter, String cpus, int memoryMiB) {
        public Settings {
            paths = List.copyOf(paths);
            requireTrainingInput(paths, requestsPerPath);
        }
    }

    private ClassDataTraining() {
    }

    /** Fails on paths that are not request paths or a request count below one. */
    public static void requireTrainingInput(List<String> paths, int requestsPerPath) {
        if (paths.isEmpty() || paths.stream().anyMatch(p -> !p.matches("/[\\w./~%?=&+-]*"))) {
            throw new InvalidSettingException("goaws.classDataTrainingPaths", "'" + String.join(",", paths)
                    + "' are not request paths: give one or more, separated by commas, each starting with '/',"
                    + " e.g. /,/ping.");
        }
        if (requestsPerPath < 1) {
            throw new InvalidSettingException("goaws.classDataTrainingRequests", requestsPerPath
                    + " requests per path train nothing: use 1 or more, e.g. 200.");
        }
    }

    /** How long the training run's app may take to answer its first request. */
    static final Duration TRAINING_START_TIMEOUT = Duration.ofSeconds(120);

    /**
     * The training run of a task of this size, from the goals' settings: the input is checked before an engine is
     * looked for, and the run calls no AWS API, so any region will do when none is configured.
     *
     * @param configuredPaths {@code goaws.classDataTrainingPaths}, comma-separated; unset: {@code /} and the
     *                        health check's path
     * @param engine          asked only when the input is valid; empty when no container engine answers
     * @return empty when no container engine answers
     */
    public static Optional<Settings> forTask(String configuredPaths, int requestsPerPath, String healthCheckPath,
            String region, String tableParameter, int taskCpu, int memoryMiB,
            Supplier<Optional<ContainerEngine>> engine) {
        ServiceSettings.requireHealthCheckPath(healthCheckPath);
        ServiceSettings.requireFargateSize(taskCpu, memoryMiB);
        List<String> paths = configuredPaths == null || configuredPaths.isBlank()
                ? Stream.of("/", healthCheckPath).distinct().toList()
                : Stream.of(configuredPaths.split(",")).map(String::trim).toList();
        requireTrainingInput(paths, requestsPerPath);
        String trainingRegion = region != null && !region.isBlank() ? region : "us-east-1";
        return engine.get().map(found -> new Settings(found, paths, requestsPerPath, TRAINING_START_TIMEOUT,
                trainingRegion, tableParameter, ContainerSpec.cpusOf(taskCpu), memoryMiB));
    }

    /**
     * Trains the start-up cache for {@code layout} and returns the layout that carries it.
     *
     * @param workDirectory scratch space (the training tarball and the mounted directory), deleted afterwards
     */
    public static DistLayout train(DistLayout layout, ImagePublisher.Request image, Settings settings,
            Path workDirectory, Consumer<String> log) throws ImageBuildException {
        long start = System.nanoTime();
        ContainerEngine engine = settings.engine();
        String name = "goaws-class-data-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
        String imageName = "localhost/" + name + ":training";
        try {
            Path cacheDirectory = archiveDirectory(workDirectory);
            Path tar = workDirectory.resolve("training.tar");
            JibImageBuilder.build(layout, new JibImageBuilder.Target.Tar(tar, imageName), ImagePublisher.options(image),
                    log);
            engine.load(tar, imageName);
            Files.delete(tar);

            int release = javaFeature(engine.output(name + "-version", imageName, List.of("java", "-version")));
            StartupCache kind = StartupCache.forJava(release).orElseThrow(() -> new ImageBuildException("The base"
                    + " image's JVM is Java " + release + ": a start-up cache needs Java 13 or newer (an AppCDS archive),"
                    + " or 25 for the AOT cache. Use a newer base image (goaws.baseImage, goaws.javaVersion), or"
                    + " goaws.startupCache=false."));
            int port = Loopback.freePort();
            List<String> command = new ArrayList<>(layout.command());
            command.add(1, kind.trainingFlag(MOUNT_POINT + "/" + kind.fileName()));
            log.accept("Training the start-up cache (" + kind.description() + ", Java " + release + "): " + engine.name()
                    + " runs " + String.join(" ", command) + " as container " + name + " at the task's size ("
                    + settings.cpus() + " CPU, " + settings.memoryMiB() + " MiB) on port " + port + ", then GET "
                    + String.join(", ", settings.paths()) + " " + settings.requestsPerPath() + " times each");
            int requests;
            ProcessRunner.Running running = engine.runWithMount(name, imageName, layout.config().user(), command,
                    AppEnvironment.isolated(port, settings.region(), settings.tableParameter()), settings.cpus(),
                    settings.memoryMiB(), cacheDirectory, MOUNT_POINT, line -> { });
            try {
                requests = exercise(running, port, settings);
            } finally {
                engine.stop(name, STOP_GRACE);
                running.process().waitFor(STOP_GRACE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                running.close();
            }
            Path cache = cacheDirectory.resolve(kind.fileName());
            if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
                throw new ImageBuildException("The training run wrote no " + kind.description() + " ("
                        + running.exitDescription() + "). An AppCDS archive needs the runtime's own CDS archive"
                        + " (lib/server/classes.jsa; a jlink image needs --generate-cds-archive); a task's memory"
                        + " limit too small for the JVM that assembles the AOT cache ends it. The app's last output:"
                        + System.lineSeparator() + String.join(System.lineSeparator(), running.tail()));
            }
            Path target = layout.startupCachePath(kind);
            Files.copy(cache, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(target, FileTime.fromMillis(0));
            DistLayout trained = layout.withStartupCache(kind);
            log.accept("Start-up cache " + target + " (" + kind.description() + ", " + Files.size(target) / 1024
                    + " KiB) from " + requests + " requests, in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            return trained;
        } catch (EngineException e) {
            throw new ImageBuildException("The start-up cache's training run failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ImageBuildException("The start-up cache's training run failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("Interrupted during the start-up cache's training run", e);
        } finally {
            engine.removeImage(imageName);
            try {
                FileTrees.deleteRecursively(workDirectory);
            } catch (IOException ignored) {
                // scratch space under target/ only
            }
        }
    }

    /** The feature release in {@code java -version}'s output: 25 for {@code openjdk version "25.0.3"}. */
    static int javaFeature(List<String> versionOutput) throws ImageBuildException {
        for (String line : versionOutput) {
            java.util.regex.Matcher m = JAVA_VERSION.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new ImageBuildException("'java -version' in the image printed no version: " + versionOutput);
    }

    /**
     * The folder the training container writes the cache into, empty: open to every user, because the image's
     * user (never root; on a rootless engine a mapped uid) must write there, but inside {@code workDirectory},
     * created anew and open to this user only (0700). The bind mount hands the container the folder itself, not
     * the path to it, so no other user of a shared build host can reach the folder and swap the cache that
     * ships in the image.
     */
    static Path archiveDirectory(Path workDirectory) throws IOException {
        FileTrees.deleteRecursively(workDirectory);
        Files.createDirectories(workDirectory.getParent());
        // createDirectory fails if the folder is back already: whoever made it, this one is ours
        Files.createDirectory(workDirectory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setPosixFilePermissions(workDirectory, OWNER_ONLY); // whatever the umask
        Path archive = Files.createDirectory(workDirectory.resolve("archive"));
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rwxrwxrwx"));
        return archive;
    }

    /** Waits for the app's first answer, then requests each path; returns how many requests were answered. */
    private static int exercise(ProcessRunner.Running running, int port, Settings settings)
            throws ImageBuildException, InterruptedException {
        URI first = uri(port, settings.paths().get(0));
        switch (running.await(() -> answers(first), settings.startTimeout(), Duration.ofMillis(200))) {
            case EXITED -> throw new ImageBuildException("The app " + running.exitDescription() + " during the"
                    + " start-up cache's training run before it answered on port " + port + ". It gets the task's"
                    + " environment with a throwaway login and no AWS credentials or backends, and must start"
                    + " without them. Its last output:" + System.lineSeparator() + running.tailText());
            case TIMED_OUT -> throw new ImageBuildException("The app did not answer " + first + " within "
                    + settings.startTimeout().toSeconds() + " s of the start-up cache's training run. Its last output:"
                    + System.lineSeparator() + running.tailText());
            case READY -> { }
        }
        int answered = 0;
        for (String path : settings.paths()) {
            URI uri = uri(port, path);
            for (int i = 0; i < settings.requestsPerPath(); i++) {
                answered += answers(uri) ? 1 : 0;
            }
        }
        return answered;
    }

    private static URI uri(int port, String path) {
        return URI.create("http://" + Loopback.HOST + ":" + port + path);
    }

    private static boolean answers(URI uri) throws InterruptedException {
        try {
            HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
