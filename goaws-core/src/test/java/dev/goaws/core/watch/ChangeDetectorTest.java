package dev.goaws.core.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
        // The test's own clock and looks: what a poll sees cannot depend on how fast this machine is.
        AtomicLong clock = new AtomicLong();
        ChangeDetector detector = new ChangeDetector(List.of(dir), Duration.ofMillis(20), Duration.ofSeconds(4),
                clock::get);
        // Writes 100 ms apart, each of another size so that every look sees it: each restarts the quiet period.
        for (int i = 0; i < 8; i++) {
            Files.writeString(i % 2 == 0 ? a : b, "burst " + "x".repeat(i));
            clock.addAndGet(Duration.ofMillis(100).toNanos());
            assertEquals(Optional.empty(), detector.look(), "reported during the burst, after write " + (i + 1));
        }
        clock.addAndGet(Duration.ofSeconds(4).toNanos() - 1);
        assertEquals(Optional.empty(), detector.look(), "reported before 4 s of quiet after the last write");
        clock.addAndGet(1);
        assertEquals(Optional.of(Set.of(a, b)), detector.look());
        assertEquals(Optional.empty(), detector.look(), "one change, reported once");
    }

    @Test
    void aFileChangedAndRestoredIsNoChangeAndTheWaitGoesOn() throws Exception {
        Path a = Files.writeString(dir.resolve("A.java"), "a");
        FileTime original = Files.getLastModifiedTime(a);
        AtomicLong clock = new AtomicLong();
        ChangeDetector detector = new ChangeDetector(List.of(dir), Duration.ofMillis(20), Duration.ofSeconds(2),
                clock::get);
        Files.writeString(a, "bb");
        assertEquals(Optional.empty(), detector.look(), "a change seen, its quiet period not over");
        clock.addAndGet(Duration.ofMillis(50).toNanos());
        Files.writeString(a, "a");
        Files.setLastModifiedTime(a, original);
        assertEquals(Optional.empty(), detector.look(), "the restore seen, its quiet period not over");
        clock.addAndGet(Duration.ofMillis(2500).toNanos());
        assertEquals(Optional.empty(), detector.look(), "a restored file was reported as a change");
        Path b = Files.writeString(dir.resolve("B.java"), "b");
        assertEquals(Optional.empty(), detector.look());
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(Optional.of(Set.of(b)), detector.look());
    }

    @Test
    void rebaseForgetsWhatTheBuildWroteAndStopEndsTheWaitEmpty() throws Exception {
        Path jar = dir.resolve("app.jar");
        ChangeDetector detector = new ChangeDetector(List.of(jar), Duration.ofMillis(20), Duration.ofMillis(50));
        Files.writeString(jar, "built");
        detector.rebase();
        // The stop condition is asked before every look: the tenth ask comes after nine looks at the rebased jar,
        // at least 160 ms (the quiet period three times over) after the first. Unrebased, the jar would be reported.
        AtomicInteger asked = new AtomicInteger();
        assertEquals(Set.of(), detector.awaitChanges(() -> asked.incrementAndGet() == 10),
                "the rebased jar was reported");
        assertEquals(10, asked.get());

        Files.writeString(jar, "built again");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        assertEquals(Set.of(jar), detector.awaitChanges(() -> System.nanoTime() > deadline),
                "the next build's jar is a change");
    }
}
