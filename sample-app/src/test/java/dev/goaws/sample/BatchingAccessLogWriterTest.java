package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchingAccessLogWriterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesWaitForTheIntervalAndAllOfThemAreWrittenInOrderAtStop() throws Exception {
        BatchingAccessLogWriter writer = new BatchingAccessLogWriter(out, Duration.ofHours(1));
        writer.start();
        writer.write("GET / 401 1ms");
        writer.write("GET /query 200 9ms");
        assertEquals("", written(), "nothing is written per request");
        writer.stop();
        assertEquals("GET / 401 1ms\nGET /query 200 9ms\n", written());
    }

    @Test
    void aFullBatchIsWrittenAtOnceWithoutWaitingForTheInterval() throws Exception {
        BatchingAccessLogWriter writer = new BatchingAccessLogWriter(out, Duration.ofHours(1));
        writer.start();
        String line = "GET /static/app.css 200 0ms";
        int lines = BatchingAccessLogWriter.MAX_PENDING_CHARS / (line.length() + 1) + 1;
        for (int i = 0; i < lines; i++) {
            writer.write(line);
        }
        assertEquals(lines * (line.length() + 1), written().length());
        writer.stop();
    }

    @Test
    void theFlusherWritesWaitingLinesWithinTheInterval() throws Exception {
        BatchingAccessLogWriter writer = new BatchingAccessLogWriter(out, Duration.ofMillis(50));
        writer.start();
        try {
            writer.write("GET / 401 1ms");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (written().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("GET / 401 1ms\n", written());
        } finally {
            writer.stop();
        }
    }
}
