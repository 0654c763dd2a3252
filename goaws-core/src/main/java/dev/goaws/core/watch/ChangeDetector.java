package dev.goaws.core.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waits for a change of the files under some roots and then for quiet: a save of several files, a
 * {@code git checkout} or an IDE's build is one change, not one per file. Polls {@link TreeSnapshot}s.
 */
public final class ChangeDetector {
    private final List<Path> roots;
    private final Duration poll;
    private final Duration quiet;
    private final LongSupplier nanoTime;
    private TreeSnapshot baseline;
    /** The pending change: what moved since the baseline, the last look, and when files last moved. */
    private final Set<Path> changed = new TreeSet<>();
    private TreeSnapshot last;
    private long quietSince;

    /**
     * @param poll  how often the files are looked at
     * @param quiet how long nothing may change after the last change before the change counts (the debounce)
     */
    public ChangeDetector(List<Path> roots, Duration poll, Duration quiet) {
        this(roots, poll, quiet, System::nanoTime);
    }

    /** With the clock the quiet period is measured on ({@link System#nanoTime()} outside tests). */
    ChangeDetector(List<Path> roots, Duration poll, Duration quiet, LongSupplier nanoTime) {
        this.roots = List.copyOf(roots);
        this.poll = poll;
        this.quiet = quiet;
        this.nanoTime = nanoTime;
        rebase();
    }

    public List<Path> roots() {
        return roots;
    }

    /** Files now under the roots. */
    public int fileCount() {
        return baseline.size();
    }

    /** Forgets changes up to now (e.g. the ones a build just made); the next wait starts from here. */
    public void rebase() {
        baseline = TreeSnapshot.take(roots);
        restart();
    }

    private void restart() {
        changed.clear();
        last = baseline;
    }

    /**
     * Blocks until files changed since the baseline and then stayed unchanged for the quiet period; the
     * baseline moves to that state.
     *
     * @param stopped asked at every poll: true ends the wait early
     * @return the paths changed since the baseline, or empty when {@code stopped} ended the wait
     */
    public Set<Path> awaitChanges(BooleanSupplier stopped) throws InterruptedException {
        restart();
        while (!stopped.getAsBoolean()) {
            Thread.sleep(poll.toMillis());
            Optional<Set<Path>> net = look();
            if (net.isPresent()) {
                return net.get();
            }
        }
        return Set.of();
    }

    /**
     * One poll of {@link #awaitChanges}: looks at the files once. A change is reported once nothing has moved for
     * the quiet period; the baseline then moves to that state.
     *
     * @return the paths changed since the baseline, or empty while nothing changed or files still move
     */
    Optional<Set<Path>> look() {
        TreeSnapshot now = TreeSnapshot.take(roots);
        Set<Path> moved = now.changedSince(last);
        long time = nanoTime.getAsLong();
        if (!moved.isEmpty()) {
            changed.addAll(moved);
            quietSince = time;
            last = now;
        } else if (!changed.isEmpty() && time - quietSince >= quiet.toNanos()) {
            // A file changed and changed back is no change.
            Set<Path> net = now.changedSince(baseline);
            baseline = now;
            changed.clear();
            if (!net.isEmpty()) {
                return Optional.of(net);
            }
        }
        return Optional.empty();
    }
}
