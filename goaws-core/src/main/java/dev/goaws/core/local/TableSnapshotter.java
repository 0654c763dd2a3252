package dev.goaws.core.local;

import dev.goaws.core.Reporter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local table saved while {@code goaws:up} runs, not only at {@code goaws:down}: every
 * {@code goaws.snapshotSeconds} it asks the emulator whether any data changed (goaws's moto launcher counts the
 * DynamoDB requests that may change data, a cheap call); only then does it Scan the table, and it writes the file
 * ({@link TableSnapshot#write}, atomic) only when the items differ from the last save. An emulator without that
 * count ({@code goaws.endpoint}) is scanned each time, and still written only on a difference.
 *
 * <p>What a crash can lose: the writes of the last interval, plus the time one Scan takes.
 */
final class TableSnapshotter implements AutoCloseable {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Path file;
    private final Duration every;
    private final Supplier<OptionalLong> changes;
    private final Reporter log;
    private final Consumer<LocalState.Snapshot> saved;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "goaws-table-snapshot");
        thread.setDaemon(true);
        return thread;
    });
    private long lastChanges = -1;
    private String lastDigest;
    private LocalState.Snapshot last;
    private boolean failing;

    private TableSnapshotter(DynamoDbClient dynamo, String table, Path file, Duration every,
            Supplier<OptionalLong> changes, Reporter log, Consumer<LocalState.Snapshot> saved) {
        this.dynamo = dynamo;
        this.table = table;
        this.file = file;
        this.every = every;
        this.changes = changes;
        this.log = log;
        this.saved = saved;
    }

    /**
     * Saves now (the table as {@code up} prepared it), then every {@code every}.
     *
     * @param changes the emulator's change count ({@link MotoServer#dynamoDbChanges}); empty when it has none
     * @param saved   told each new save (the state file shows it)
     */
    static TableSnapshotter start(DynamoDbClient dynamo, String table, Path file, Duration every,
            Supplier<OptionalLong> changes, Reporter log, Consumer<LocalState.Snapshot> saved) {
        TableSnapshotter snapshotter = new TableSnapshotter(dynamo, table, file, every, changes, log, saved);
        snapshotter.timer.scheduleWithFixedDelay(snapshotter::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return snapshotter;
    }

    private void tick() {
        try {
            saveIfChanged();
            if (failing) {
                failing = false;
                log.info("Saving the table's items works again.");
            }
        } catch (IOException | SdkException e) {
            if (!failing) { // once per streak, not every few seconds
                failing = true;
                log.warn("Could not save the table's items to " + file + " (tried again every " + every.toSeconds()
                        + " s; the last good save stays): " + e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("Saving the table's items failed: " + e);
        }
    }

    /**
     * Saves the items when they changed since the last save; returns the last save (this one or an earlier,
     * unchanged one). Throws when the emulator does not answer; the file is then untouched.
     */
    synchronized LocalState.Snapshot saveIfChanged() throws IOException {
        OptionalLong count = changes.get(); // before the Scan: a write during it raises the count for next time
        if (count.isPresent() && count.getAsLong() == lastChanges && last != null) {
            return last;
        }
        TableSnapshot.Contents contents = TableSnapshot.read(dynamo, table);
        if (!contents.digest().equals(lastDigest) || last == null) {
            Instant now = Instant.now();
            TableSnapshot.write(contents, now, file);
            lastDigest = contents.digest();
            last = new LocalState.Snapshot(table, file.toString(), now.toString(), contents.count(),
                    (int) every.toSeconds());
            saved.accept(last);
        }
        lastChanges = count.orElse(-1);
        return last;
    }

    /** The last save; null before the first. */
    synchronized LocalState.Snapshot last() {
        return last;
    }

    /** No more periodic saves (a save that runs finishes first: no interrupt, which would fail its Scan). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
