package dev.goaws.core.logs;

import dev.goaws.core.Naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.AwsTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** goaws:logs on the local cloud's task files (the CloudWatch side runs against moto in MotoOperationsIT). */
class ServiceLogsTest {
    @TempDir
    Path tasks;

    private final List<String> shown = new ArrayList<>();

    @Test
    void everyTasksLinesInTaskOrderWithTheTaskNamed() throws Exception {
        Files.writeString(tasks.resolve("task-10.log"), "late start\n");
        Files.writeString(tasks.resolve("task-2.log"), "GET /query 200\nGET / 401\n");
        Files.writeString(tasks.resolve("access.log"), "not a task\n");
        assertEquals(3, show(null, false));
        assertEquals(List.of("[task-2] GET /query 200", "[task-2] GET / 401", "[task-10] late start"), shown);
    }

    @Test
    void aFilterKeepsTheLinesWithAllItsTermsAndPhrases() throws Exception {
        Files.writeString(tasks.resolve("task-1.log"), "GET /query 200\nPOST /query 500 error\nGET / 401\n");
        assertEquals(1, show("\"/query 500\" error", false));
        assertEquals(List.of("[task-1] POST /query 500 error"), shown);
        InvalidSettingException json = assertThrows(InvalidSettingException.class, () -> show("{ $.level = 1 }",
                false));
        assertEquals("goaws.filter", json.setting());
    }

    @Test
    void followPrintsWhatTheTasksWriteLater() throws Exception {
        Path file = tasks.resolve("task-1.log");
        Files.writeString(file, "first\n");
        int[] polls = {0};
        int count = ServiceLogs.show(request(null, true), shown::add, () -> {
            try {
                Files.writeString(file, "second\n", java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return ++polls[0] > 1;
        });
        assertEquals(List.of("[task-1] first", "[task-1] second"), shown);
        assertEquals(2, count);
    }

    @Test
    void withoutTaskFilesItSaysToStartTheLocalCloud() {
        LogsException e = assertThrows(LogsException.class, () -> show(null, false));
        assertTrue(e.getMessage().contains("mvn goaws:up"), e.getMessage());
        InvalidSettingException since = assertThrows(InvalidSettingException.class, () -> ServiceLogs.show(
                new ServiceLogs.Request(Naming.DEFAULTS, null, Duration.ZERO, false, null, tasks,
                        Reporter.of(l -> { }, l -> { })), shown::add, () -> true));
        assertEquals("goaws.since", since.setting());
    }

    private int show(String filter, boolean follow) {
        return ServiceLogs.show(request(filter, follow), shown::add, () -> true);
    }

    private ServiceLogs.Request request(String filter, boolean follow) {
        return new ServiceLogs.Request(Naming.DEFAULTS,
                AwsTarget.of("eu-central-1", null, null, null, Map.of()), Duration.ofMinutes(10), follow, filter,
                tasks, Reporter.of(l -> { }, l -> { }));
    }
}
