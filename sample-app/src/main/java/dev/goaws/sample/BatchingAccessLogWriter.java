package dev.goaws.sample;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The access log's writer: request lines collect in memory and reach the stream in one write per flush interval
 * (sooner once {@link #MAX_PENDING_CHARS} are waiting) and at stop, so a busy task pays one write per batch
 * instead of one per request. Logged per request through slf4j-simple (a date formatted per line under a lock, a
 * flushed println), the access log cost 28 % of the 401 path's throughput at 0.25 vCPU (docs/PERFORMANCE.md §4).
 * Jetty still formats each line's time ({@code DateCache.format} does not reuse its per-second cache; java.time,
 * no lock): the gain is the batching. A line reaches CloudWatch at most one interval later; a JVM killed without
 * SIGTERM loses at most that interval's lines.
 */
final class BatchingAccessLogWriter extends AbstractLifeCycle implements RequestLog.Writer {

    static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
    static final int MAX_PENDING_CHARS = 16 * 1024;

    private final PrintStream out;
    private final Duration interval;
    private final StringBuilder pending = new StringBuilder(MAX_PENDING_CHARS + 256);
    private ScheduledExecutorService flusher;

    BatchingAccessLogWriter(PrintStream out, Duration interval) {
        this.out = out;
        this.interval = interval;
    }

    @Override
    public synchronized void write(String requestEntry) {
        pending.append(requestEntry).append('\n');
        if (pending.length() >= MAX_PENDING_CHARS) {
            flush();
        }
    }

    /** Writes what is waiting. One lock for collecting and writing keeps the lines in order. */
    synchronized void flush() {
        if (pending.length() > 0) {
            out.print(pending);
            out.flush();
            pending.setLength(0);
        }
    }

    @Override
    protected void doStart() {
        flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "access-log-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        flusher.shutdown();
        flusher.awaitTermination(5, TimeUnit.SECONDS);
        flush();
    }
}
