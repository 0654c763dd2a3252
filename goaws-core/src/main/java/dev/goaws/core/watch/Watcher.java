package dev.goaws.core.watch;

import dev.goaws.core.GoawsException;
import dev.goaws.core.Reporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code goaws:watch}: the fast inner loop. Builds and updates the service once, then for every (debounced)
 * change of the sources rebuilds the jar and updates the service again; a change of the jar alone (built by an
 * IDE or another terminal) skips the build. A failed build or update is reported and the loop goes on; only
 * Ctrl-C (or the JVM's end) stops it, between or during steps, and the child build is stopped with it.
 */
public final class Watcher {

    /**
     * @param sources what triggers a build (the project's sources and resources, its POM)
     * @param jar     the built jar: a change of it alone triggers an update without a build
     * @param build   the build of the jar
     * @param service the service to bring up to date
     * @param poll    how often files are looked at
     * @param quiet   the debounce: how long files must stay unchanged before a change counts
     * @param updateFirst build and update once before the first change ({@code goaws:watch}); false for
     *                    {@code goaws:up}, whose tasks have just started from the current build
     */
    public record Request(List<Path> sources, Path jar, JarBuild build, ServiceUpdate service, Duration poll,
            Duration quiet, boolean updateFirst, Reporter reporter) {
    }

    private final Request request;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private int updates;

    private Watcher(Request request) {
        this.request = request;
    }

    /** Runs until Ctrl-C (or {@link Thread#interrupt()}); the one entry point of the goal. */
    public static void run(Request request) throws GoawsException {
        Watcher watcher = new Watcher(request);
        Thread loop = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C ends the JVM: let the loop stop its child build and say so before it goes.
        Thread hook = new Thread(() -> {
            request.reporter().info("goaws:watch: stopping (signal received).");
            watcher.stopped.set(true);
            loop.interrupt();
            try {
                finished.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "goaws-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            watcher.loop();
        } finally {
            request.reporter().info("goaws:watch stopped after " + watcher.updates + " update(s).");
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the countdown above
            }
        }
    }

    private void loop() {
        Reporter log = request.reporter();
        ChangeDetector sources = new ChangeDetector(request.sources(), request.poll(), request.quiet());
        ChangeDetector jar = new ChangeDetector(List.of(request.jar()), request.poll(), request.quiet());
        try {
            if (request.updateFirst()) {
                log.info("goaws:watch: building and updating " + request.service().describe() + " once, then after"
                        + " each change.");
                cycle(true, sources, jar);
            } else {
                log.info("goaws:watch: updating " + request.service().describe() + " after each change.");
            }
            while (!stopped.get()) {
                log.info("Watching " + sources.fileCount() + " file(s) under " + request.sources() + " and "
                        + request.jar().getFileName() + " (Ctrl-C ends).");
                Set<Path> changed = awaitEither(sources, jar);
                if (changed.isEmpty()) {
                    break;
                }
                boolean sourcesChanged = changed.stream().anyMatch(p -> !p.equals(request.jar()));
                log.info("Changed: " + describe(changed));
                cycle(sourcesChanged, sources, jar);
            }
        } catch (InterruptedException e) {
            Thread.interrupted(); // stopped; the finally of run() reports it
        }
    }

    /** Polls both detectors in turn: the jar's changes count at once, the sources' after the quiet period. */
    private Set<Path> awaitEither(ChangeDetector sources, ChangeDetector jar) throws InterruptedException {
        AtomicBoolean jarChanged = new AtomicBoolean();
        Thread jarWatch = new Thread(() -> {
            try {
                if (!jar.awaitChanges(() -> stopped.get() || Thread.currentThread().isInterrupted()).isEmpty()) {
                    jarChanged.set(true);
                }
            } catch (InterruptedException ignored) {
                // the sources changed first
            }
        }, "goaws-watch-jar");
        jarWatch.setDaemon(true);
        jarWatch.start();
        try {
            Set<Path> changed = sources.awaitChanges(() -> stopped.get() || jarChanged.get());
            return jarChanged.get() && changed.isEmpty() ? Set.of(request.jar()) : changed;
        } finally {
            jarWatch.interrupt();
            jarWatch.join();
        }
    }

    private void cycle(boolean build, ChangeDetector sources, ChangeDetector jar) throws InterruptedException {
        Reporter log = request.reporter();
        long start = System.nanoTime();
        try {
            if (build) {
                log.info("Building: " + String.join(" ", request.build().command()));
                if (!request.build().run(log)) {
                    return;
                }
                log.info("Built in " + millisSince(start) + " ms");
            }
            if (stopped.get()) {
                return;
            }
            request.service().update();
            updates++;
            log.info("Updated " + request.service().describe() + " in " + millisSince(start)
                    + " ms after the change was seen (update " + updates + ").");
        } catch (GoawsException e) {
            if (stopped.get()) {
                throw new InterruptedException("stopped during the update");
            }
            log.warn("The update failed: " + e.getMessage() + " Waiting for the next change.");
        } catch (RuntimeException e) {
            // The SDK answers an interrupt with its own unchecked exception; anything else must not end the loop.
            if (stopped.get()) {
                throw new InterruptedException("stopped during the update");
            }
            log.warn("The update failed: " + e + " Waiting for the next change.");
        } finally {
            // What the build itself wrote (the jar, generated sources) is no change of the user's.
            sources.rebase();
            jar.rebase();
        }
    }

    private static String describe(Set<Path> changed) {
        List<String> names = changed.stream().limit(5).map(Path::toString).toList();
        return String.join(", ", names) + (changed.size() > 5 ? " and " + (changed.size() - 5) + " more" : "");
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
