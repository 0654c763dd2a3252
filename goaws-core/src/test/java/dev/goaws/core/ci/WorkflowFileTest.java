package dev.goaws.core.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.GoawsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** goaws rewrites its own unedited workflow, leaves an identical one untouched, and an edited one alone unless forced. */
class WorkflowFileTest {
    private static final String V1 = WorkflowFile.withHeader("name: goaws\non: push\n", "1.0");
    private static final String V2 = WorkflowFile.withHeader("name: goaws\non: pull_request\n", "1.0");

    @TempDir
    Path work;

    @Test
    void aMissingFileIsCreatedWithItsDirectories() throws Exception {
        Path file = work.resolve(".github/workflows/goaws.yml");
        assertEquals(WorkflowFile.Outcome.CREATED, WorkflowFile.write(file, V1, false));
        assertEquals(V1, Files.readString(file));
        assertTrue(WorkflowFile.writtenByGoawsUnedited(V1));
    }

    @Test
    void regeneratingTheSameTextIsANoOp() throws Exception {
        Path file = work.resolve("goaws.yml");
        WorkflowFile.write(file, V1, false);
        FileTime before = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, before);
        assertEquals(WorkflowFile.Outcome.UNCHANGED, WorkflowFile.write(file, V1, false));
        assertEquals(before, Files.getLastModifiedTime(file), "the file was not written again");
    }

    @Test
    void anUneditedFileIsUpdatedWhenTheSettingsChange() throws Exception {
        Path file = work.resolve("goaws.yml");
        WorkflowFile.write(file, V1, false);
        assertEquals(WorkflowFile.Outcome.UPDATED, WorkflowFile.write(file, V2, false));
        assertEquals(V2, Files.readString(file));
    }

    @Test
    void anEditedFileIsNotOverwrittenWithoutForce() throws Exception {
        Path file = work.resolve("goaws.yml");
        WorkflowFile.write(file, V1, false);
        String edited = V1 + "# my own step\n";
        Files.writeString(file, edited);
        GoawsException e = assertThrows(GoawsException.class, () -> WorkflowFile.write(file, V2, false));
        assertTrue(e.getMessage().contains("was changed since goaws:pipeline wrote it")
                && e.getMessage().contains("-Dgoaws.force=true"), e.getMessage());
        assertEquals(edited, Files.readString(file), "left as it was");

        assertEquals(WorkflowFile.Outcome.REPLACED_EDITED, WorkflowFile.write(file, V2, true));
        assertEquals(V2, Files.readString(file));
    }

    @Test
    void aFileGoawsDidNotWriteIsNotOverwrittenWithoutForce() throws Exception {
        Path file = Files.writeString(work.resolve("goaws.yml"), "name: mine\non: push\n");
        assertThrows(GoawsException.class, () -> WorkflowFile.write(file, V1, false));
        assertEquals("name: mine\non: push\n", Files.readString(file));
    }

    @Test
    void theChecksumCoversEverythingAfterItsLine() {
        assertTrue(WorkflowFile.recordedChecksum(V1).isPresent());
        assertTrue(!WorkflowFile.writtenByGoawsUnedited(V1.replace("on: push", "on: [push]")));
        assertTrue(!WorkflowFile.writtenByGoawsUnedited(V1.replace("goaws-checksum: sha256:", "goaws-checksum: sha256:0")));
    }
}
