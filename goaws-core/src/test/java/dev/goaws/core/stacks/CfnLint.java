package dev.goaws.core.stacks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS's CloudFormation linter on a synthesized template: {@code cfn-lint}, which comes with moto in the machine's
 * Python (DESIGN.md). A finding of any level fails the caller's assertion with cfn-lint's own lines.
 */
final class CfnLint {
    private CfnLint() {
    }

    static List<String> findings(Path template) throws IOException {
        List<String> lines = new ArrayList<>();
        ProcessRunner.Result result;
        try {
            result = ProcessRunner.run(List.of("cfn-lint", "--format", "parseable", template.toString()), Map.of(),
                    null, lines::add, Duration.ofMinutes(2));
        } catch (IOException e) {
            throw new AssertionError("cfn-lint is not installed: it comes with moto (pip install cfn-lint)", e);
        }
        assertTrue(result.exitCode() == 0 || !lines.isEmpty(), "cfn-lint failed: " + result.tailText());
        return lines;
    }
}
