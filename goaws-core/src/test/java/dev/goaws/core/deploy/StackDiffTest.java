package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the cdk CLI's diff output: the first file is what CLI 2.1148.1 printed against moto for flow logs on. */
class StackDiffTest {

    @Test
    void theCliOutputForFlowLogsCountsResourcesAndIamWidenings() throws IOException {
        Map<String, StackDiff> diffs = StackDiff.parse(lines("cdk-diff-flowlogs.txt"));
        assertEquals(List.of("goaws-vpc", "goaws-table"), List.copyOf(diffs.keySet()));
        StackDiff vpc = diffs.get("goaws-vpc");
        assertEquals(new StackDiff("goaws-vpc", 4, 0, 1, 2, 0, true), vpc);
        assertTrue(vpc.widens());
        assertEquals("goaws-vpc: 4 to add, 0 to remove, 1 to modify; WIDENS ACCESS: 2 IAM statement(s)",
                vpc.summary());
        StackDiff table = diffs.get("goaws-table");
        assertFalse(table.changed());
        assertEquals("goaws-table: no changes", table.summary());
    }

    @Test
    void securityGroupRowsThatAddAccessWidenAndRemovedRowsDoNot() {
        List<String> out = """
                Stack goaws-container (aws://123456789012/eu-central-1)
                Security Group Changes
                ┌───┬───────────────────────┬─────┬──────────┬─────────────────┐
                │   │ Group                 │ Dir │ Protocol │ Peer            │
                ├───┼───────────────────────┼─────┼──────────┼─────────────────┤
                │ - │ ${Lb/SecurityGroup.Id} │ In  │ TCP 80   │ Everyone (IPv4) │
                ├───┼───────────────────────┼─────┼──────────┼─────────────────┤
                │ + │ ${Lb/SecurityGroup.Id} │ In  │ TCP 443  │ Everyone (IPv4) │
                │ + │ ${Lb/SecurityGroup.Id} │ In  │ TCP 8443 │ Everyone (IPv4) │
                └───┴───────────────────────┴─────┴──────────┴─────────────────┘

                Resources
                [-] AWS::EC2::SecurityGroupIngress Lb/Ingress80 LbIngress80
                [~] AWS::EC2::SecurityGroup Lb/SecurityGroup LbSecurityGroup
                Outputs
                [+] Output ServiceUrl: {"Value":"https://..."}
                """.lines().toList();
        StackDiff diff = StackDiff.parse(out).get("goaws-container");
        assertEquals(new StackDiff("goaws-container", 0, 1, 1, 0, 2, true), diff);
        assertEquals("goaws-container: 0 to add, 1 to remove, 1 to modify; WIDENS ACCESS: 2 security-group rule(s)",
                diff.summary());
    }

    @Test
    void outputsOnlyAreAChangeWithoutResources() {
        StackDiff diff = StackDiff.parse(List.of("Stack goaws-table", "Outputs", "[~] Output TableName: x"))
                .get("goaws-table");
        assertTrue(diff.changed());
        assertFalse(diff.widens());
        assertEquals("goaws-table: 0 to add, 0 to remove, 0 to modify (parameters, outputs or metadata only)",
                diff.summary());
    }

    @Test
    void aStackTheOutputDoesNotNameIsAbsent() {
        assertTrue(StackDiff.parse(List.of("some banner", "[+] AWS::X::Y a b")).isEmpty());
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = StackDiffTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
