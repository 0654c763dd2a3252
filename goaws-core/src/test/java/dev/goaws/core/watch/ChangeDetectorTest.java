package dev.goaws.core.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change detection and debounce on real files in a temporary directory. */
class ChangeDetectorTest {
    @TempDir
    Path dir;

    @Test
    void snapshotsTellAddedModifiedAndRemovedFilesAndIgnoreEditorFiles() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/main/java/app"));
        Path kept = Files.writeString(src.resolve("Kept.java"), "class Kept {}");
        Path modified = Files.writeString(src.resolve("App.java"), "class App {}");
        Path removed = Files.writeString(src.resolve("Old.java"), "class Old {}");
        TreeSnapshot before = TreeSnapshot.take(List.of(dir.resolve("src")));
        assertEquals(3, before.size());

        Files.writeString(modified, "class App { int v = 2; }");
        Files.delete(removed);
        Path added = Files.writeString(Files.createDirectories(src.resolve("sub")).resolve("New.java"), "class New {}");
        Files.writeString(src.resolve(".App.java.swp"), "vim");
        Files.writeString(src.resolve("App.java~"), "backup");
        Files.writeString(src.resolve(".#App.java"), "emacs lock");

        assertEquals(Set.of(modified, removed, added), TreeSnapshot.take(List.of(dir.resolve("src")))
                .changedSince(before));
        assertTrue(Files.exists(kept));
    }

    @Test
    void aFileWhoseContentChangesAtTheSameSizeIsSeenThroughItsModificationTime() throws Exception {
        Path file = Files.writeString(dir.resolve("A.java"), "v1");
        TreeSnapshot before = TreeSnapshot.take(List.of(dir));
        Files.writeString(file, "v2");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(Set.of(file), TreeSnapshot.take(List.of(dir)).changedSince(before));
    }

    @Test
    void aMissingRootHasNoFilesAndItsCreationIsAChange() {
        Path jar = dir.resolve("target/app.jar");
        TreeSnapshot before = TreeSnapshot.take(List.of(jar));
        assertEquals(0, before.size());
    }

    @Test
    void aBurstOfWritesIsOneChangeReportedOnlyAfterTheQuietPeriod() throws Exception {
        Path a = Files.writeString(dir.resolve("A.java"), "a");
        Path b = Files.writeString(dir.resolve("B.java"), "b");
        ChangeDetector detector = new ChangeDetector(List.of(dir), Duration.ofMillis(20), Duration.ofSeconds(4));
        AtomicInteger writes = new AtomicInteger();
        CompletableFuture<Set<Path>> changes = CompletableFuture.supplyAsync(() -> await(detector, () -> false));
        // Writes 100 ms apart (a quiet period of 4 s leaves room for a loaded machine): each restarts the quiet
        // period, so the wait cannot end in between.
        for (int i = 0; i < 8; i++) {
            Files.writeString(i % 2 == 0 ? a : b, "burst " + i);
            writes.incrementAndGet();
            Thread.sleep(100);
            assertTrue(!changes.isDone(), "reported during the burst, after write " + writes.get());
        }
        assertEquals(Set.of(a, b), changes.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFileChangedAndRestoredIsNoChangeAndTheWaitGoesOn() throws Exception {
        Path a = Files.writeString(dir.resolve("A.java"), "a");
        FileTime original = Files.getLastModifiedTime(a);
        ChangeDetector detector = new ChangeDetector(List.of(dir), Duration.ofMillis(20), Duration.ofSeconds(2));
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Set<Path>> changes = CompletableFuture.supplyAsync(() -> await(detector, stop::get));
        Files.writeString(a, "b");
        Thread.sleep(50);
        Files.writeString(a, "a");
        Files.setLastModifiedTime(a, original);
        Thread.sleep(2500);
        assertTrue(!changes.isDone(), "a restored file was reported as a change");
        Path b = Files.writeString(dir.resolve("B.java"), "b");
        assertEquals(Set.of(b), changes.get(10, TimeUnit.SECONDS));
    }

    @Test
    void rebaseForgetsWhatTheBuildWroteAndStopEndsTheWaitEmpty() throws Exception {
        Path jar = dir.resolve("app.jar");
        ChangeDetector detector = new ChangeDetector(List.of(jar), Duration.ofMillis(20), Duration.ofMillis(50));
        Files.writeString(jar, "built");
        detector.rebase();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Set<Path>> changes = CompletableFuture.supplyAsync(() -> await(detector, stop::get));
        Thread.sleep(300);
        assertTrue(!changes.isDone(), "the rebased jar was reported");
        stop.set(true);
        assertEquals(Set.of(), changes.get(10, TimeUnit.SECONDS));
    }

    private static Set<Path> await(ChangeDetector detector, java.util.function.BooleanSupplier stop) {
        try {
            return detector.awaitChanges(stop);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
