package dev.goaws.core.image;

import dev.goaws.core.AppEnvironment;
import dev.goaws.core.FileTrees;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.engine.ContainerEngine;
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
import java.util.function.Consumer;

/**
 * {@code goaws.classDataSharing}: an AppCDS archive of the app's classes, made by a training run of the very
 * image that will ship. The JVM maps such an archive instead of loading, parsing and verifying those classes
 * at every start (measured on the sample app at 0.25 vCPU: −34 % ready time, −30 % start-up CPU; see
 * docs/PERFORMANCE.md §4). An archive only fits the JVM build and the class path that wrote it, so the
 * training cannot happen on the build machine's JDK:
 * <ol>
 * <li>Jib builds the image as usual, into a tarball the container engine loads;</li>
 * <li>the engine runs it as the image's user, with {@code -XX:ArchiveClassesAtExit} and a mounted directory;
 * goaws waits for the port to answer and requests the training paths (what the JVM loads then is archived);</li>
 * <li>the container is stopped (SIGTERM: the JVM writes the archive as it exits), the archive goes into the
 * dist directory, and every later Jib build of it (push, tarball, the local cloud) adds it as the top layer
 * and maps it with {@code -XX:SharedArchiveFile}.</li>
 * </ol>
 * The base image must be pinned (a digest or a tarball): under a moving tag the image built at deploy time
 * could carry another JRE than the one trained on, and the JVM would ignore the archive (with a warning).
 * The training run gets the task's environment names ({@link AppEnvironment#isolated}): a throwaway login, no AWS
 * credentials, every AWS endpoint closed; so the app must start without its backends, as the sample app does.
 */
public final class ClassDataTraining {
    /** Where the archive is written inside the training container. */
    static final String MOUNT_POINT = "/goaws-class-data";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
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
     */
    public record Settings(ContainerEngine engine, List<String> paths, int requestsPerPath, Duration startTimeout,
            String region, String tableParameter) {
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

    /** Fails, before anything is built, when the base image could change between training and deploy. */
    public static void requirePinnedBase(ImageConfig config) {
        if (config.baseImageTar().isEmpty() && !config.baseImage().contains("@sha256:")) {
            throw new InvalidSettingException("goaws.baseImage", "goaws.classDataSharing=true needs a base image"
                    + " pinned by digest (or a tar:// image): an archive only fits the JRE it was trained on, and '"
                    + config.baseImage() + "' may name another JRE at deploy time. Use e.g. -Dgoaws.baseImage="
                    + config.baseImage().replaceFirst("@.*$", "") + "@sha256:<digest>.");
        }
    }

    /**
     * Trains the archive for {@code layout} and returns the layout that carries it.
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
            Path archiveDirectory = archiveDirectory(workDirectory);
            Path tar = workDirectory.resolve("training.tar");
            JibImageBuilder.build(layout, new JibImageBuilder.Target.Tar(tar, imageName), ImagePublisher.options(image),
                    log);
            engine.load(tar, imageName);
            Files.delete(tar);

            int port = Loopback.freePort();
            List<String> command = new ArrayList<>(layout.command());
            command.add(1, "-XX:ArchiveClassesAtExit=" + MOUNT_POINT + "/" + DistLayout.CLASS_DATA_ARCHIVE);
            log.accept("Training the class-data archive: " + engine.name() + " runs " + String.join(" ", command)
                    + " on port " + port + ", then GET " + String.join(", ", settings.paths()) + " "
                    + settings.requestsPerPath() + " times each");
            int requests;
            ProcessRunner.Running running = engine.runWithMount(name, imageName, layout.config().user(), command,
                    AppEnvironment.isolated(port, settings.region(), settings.tableParameter()), archiveDirectory, MOUNT_POINT, line -> { });
            try {
                requests = exercise(running, port, settings);
            } finally {
                engine.stop(name, STOP_GRACE);
                running.process().waitFor(STOP_GRACE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                running.close();
            }
            Path archive = archiveDirectory.resolve(DistLayout.CLASS_DATA_ARCHIVE);
            if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
                throw new ImageBuildException("The training run wrote no class-data archive. The base image's JVM"
                        + " must be JDK 13 or newer with its default CDS archive (lib/server/classes.jsa; a jlink"
                        + " image needs --generate-cds-archive). The app's last output:" + System.lineSeparator()
                        + String.join(System.lineSeparator(), running.tail()));
            }
            Files.copy(archive, layout.classDataArchivePath(), StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(layout.classDataArchivePath(), FileTime.fromMillis(0));
            DistLayout trained = layout.withClassDataArchive();
            log.accept("Class-data archive " + layout.classDataArchivePath() + " (" + Files.size(archive) / 1024
                    + " KiB) from " + requests + " requests, in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            return trained;
        } catch (EngineException e) {
            throw new ImageBuildException("The class-data training run failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ImageBuildException("The class-data training run failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("Interrupted during the class-data training run", e);
        } finally {
            engine.removeImage(imageName);
            try {
                FileTrees.deleteRecursively(workDirectory);
            } catch (IOException ignored) {
                // scratch space under target/ only
            }
        }
    }

    /**
     * The folder the training container writes the archive into, empty: open to every user, because the image's
     * user (never root; on a rootless engine a mapped uid) must write there, but inside {@code workDirectory},
     * created anew and open to this user only (0700). The bind mount hands the container the folder itself, not
     * the path to it, so no other user of a shared build host can reach the folder and swap the archive that
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
                    + " class-data training run before it answered on port " + port + ". It gets the task's"
                    + " environment with a throwaway login and no AWS credentials or backends, and must start"
                    + " without them. Its last output:" + System.lineSeparator() + running.tailText());
            case TIMED_OUT -> throw new ImageBuildException("The app did not answer " + first + " within "
                    + settings.startTimeout().toSeconds() + " s of the class-data training run. Its last output:"
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
