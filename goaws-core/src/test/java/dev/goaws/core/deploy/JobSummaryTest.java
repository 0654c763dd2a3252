package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.goaws.core.StackKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Markdown goaws:diff and goaws:status append to goaws.summaryFile ($GITHUB_STEP_SUMMARY in a workflow). */
class JobSummaryTest {
    @TempDir
    Path work;

    @Test
    void aDiffIsATableOfStacksWithWideningsFlaggedThenTheCostLines() throws Exception {
        Path file = work.resolve("summary.md");
        Files.writeString(file, "earlier step\n");
        JobSummary.append(file, JobSummary.diff("aws://123456789012/eu-central-1", "prod", List.of(
                new StackDiff("goaws-prod-vpc", 0, 0, 0, 0, 0, false),
                new StackDiff("goaws-prod-container", 1, 0, 2, 1, 0, true)), List.of(
                "Monthly cost estimate (eu-central-1), deployed -> after deploy: 81.01 -> 81.01 USD (+0.00 USD a month)")));
        assertEquals("""
                earlier step
                ### goaws diff: aws://123456789012/eu-central-1, stage `prod`

                | stack | a deploy would change |
                |---|---|
                | `goaws-prod-vpc` | no changes |
                | `goaws-prod-container` | :warning: 1 to add, 0 to remove, 2 to modify; WIDENS ACCESS: 1 IAM statement(s) |

                ```
                Monthly cost estimate (eu-central-1), deployed -> after deploy: 81.01 -> 81.01 USD (+0.00 USD a month)
                ```

                """, Files.readString(file));
    }

    @Test
    void aStatusListsEachStackItsOutputsAndTheEstimate() throws Exception {
        Path file = work.resolve("summary.md");
        JobSummary.append(file, JobSummary.status("aws://123456789012/eu-central-1", null, List.of(
                new StackStatus(StackKind.VPC, "goaws-vpc", "CREATE_COMPLETE", Instant.parse("2026-12-01T10:00:00Z"),
                        Map.of(), Map.of()),
                new StackStatus(StackKind.CONTAINER, "goaws-container", "UPDATE_COMPLETE",
                        Instant.parse("2026-12-02T10:00:00Z"), new java.util.TreeMap<>(Map.of("ServiceUrl",
                        "http://lb.example", "CredentialsSecretArn", "arn:aws:secretsmanager:x")), Map.of()),
                new StackStatus(StackKind.TABLE, "goaws-table", null, null, Map.of(), Map.of())), List.of("total 1")));
        assertEquals("""
                ### goaws status: aws://123456789012/eu-central-1

                | stack | status | last update | outputs |
                |---|---|---|---|
                | `goaws-vpc` | CREATE_COMPLETE | 2026-12-01T10:00:00Z |  |
                | `goaws-container` | UPDATE_COMPLETE | 2026-12-02T10:00:00Z | CredentialsSecretArn: `arn:aws:secretsmanager:x`<br>ServiceUrl: http://lb.example |
                | `goaws-table` | not deployed |  |  |

                ```
                total 1
                ```

                """, Files.readString(file));
    }

    @Test
    void noFileNoSummary() throws Exception {
        JobSummary.append(null, List.of("x"));
        try (var files = Files.list(work)) {
            assertEquals(0, files.count());
        }
    }
}
