package dev.goaws.core.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Waits for a change of the files under some roots and then for quiet: a save of several files, a
 * {@code git checkout} or an IDE's build is one change, not one per file. Polls {@link TreeSnapshot}s.
 */
public final class ChangeDetector {
    private final List<Path> roots;
    private final Duration poll;
    private final Duration quiet;
    private TreeSnapshot baseline;

    /**
     * @param poll  how often the files are looked at
     * @param quiet how long nothing may change after the last change before the change counts (the debounce)
     */
    public ChangeDetector(List<Path> roots, Duration poll, Duration quiet) {
        this.roots = List.copyOf(roots);
        this.poll = poll;
        this.quiet = quiet;
        this.baseline = TreeSnapshot.take(this.roots);
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
    }

    /**
     * Blocks until files changed since the baseline and then stayed unchanged for the quiet period; the
     * baseline moves to that state.
     *
     * @param stopped asked at every poll: true ends the wait early
     * @return the paths changed since the baseline, or empty when {@code stopped} ended the wait
     */
    public Set<Path> awaitChanges(BooleanSupplier stopped) throws InterruptedException {
        Set<Path> changed = new TreeSet<>();
        TreeSnapshot last = baseline;
        long quietSince = 0;
        while (!stopped.getAsBoolean()) {
            Thread.sleep(poll.toMillis());
            TreeSnapshot now = TreeSnapshot.take(roots);
            Set<Path> moved = now.changedSince(last);
            long time = System.nanoTime();
            if (!moved.isEmpty()) {
                changed.addAll(moved);
                quietSince = time;
                last = now;
            } else if (!changed.isEmpty() && time - quietSince >= quiet.toNanos()) {
                // A file changed and changed back is no change.
                Set<Path> net = now.changedSince(baseline);
                baseline = now;
                if (!net.isEmpty()) {
                    return net;
                }
                changed.clear();
            }
        }
        return Set.of();
    }
}
