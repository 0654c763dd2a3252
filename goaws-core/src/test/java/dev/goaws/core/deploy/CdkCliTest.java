package dev.goaws.core.deploy;

import dev.goaws.core.Reporter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdkCliTest {
    private static final CliVersion PINNED = CliVersion.parse("2.1148.1");
    private static final CliVersion NEEDED = CliVersion.parse("2.1134.0");
    private final List<String> log = new ArrayList<>();
    private final Reporter reporter = Reporter.of(log::add, log::add);

    @Test
    void versionsCompareNumericallyNotAsText() {
        assertTrue(CliVersion.parse("2.1148.1 (build fcf5e34)").atLeast(NEEDED));
        assertFalse(CliVersion.parse("2.999.0").atLeast(NEEDED));
        assertTrue(CliVersion.parse("2.1134.10").compareTo(CliVersion.parse("2.1134.9")) > 0);
        assertEquals("2.1148.1", CliVersion.parse("v2.1148.1").toString());
        assertTrue(CliVersion.find("no version here").isEmpty());
    }

    @Test
    void aPinnedVersionTooOldForTheAssemblyIsRefusedBeforeAnyInstall(@TempDir Path cache) {
        DeployException e = assertThrows(DeployException.class, () -> CdkCli.provide(new CdkCli.Provisioning(
                null, CliVersion.parse("2.1100.0"), cache, false, false, Map.of()), NEEDED, reporter));
        assertTrue(e.getMessage().contains("goaws.cdkVersion=2.1100.0 is too old for this cloud assembly:"
                + " aws-cdk-lib needs cdk CLI 2.1134.0 or newer"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("2.1100.0")), "nothing may be installed");
    }

    @Test
    void anExplicitExecutableThatDoesNotRunIsNamed(@TempDir Path dir) {
        String missing = dir.resolve("no-cdk").toString();
        DeployException e = assertThrows(DeployException.class, () -> CdkCli.provide(new CdkCli.Provisioning(
                missing, PINNED, dir, false, true, Map.of()), NEEDED, reporter));
        assertTrue(e.getMessage().startsWith("goaws.cdkExecutable " + missing + " does not run"), e.getMessage());
    }

    @Test
    void anExplicitExecutableTooOldSaysWhichVersionIsNeeded(@TempDir Path dir) throws Exception {
        // A real executable that prints an old version: the smallest stand-in for an old cdk on a workstation.
        Path old = Files.writeString(dir.resolve("cdk"), "#!/bin/sh\necho '2.1020.0 (build abc)'\n");
        assertTrue(old.toFile().setExecutable(true));
        DeployException e = assertThrows(DeployException.class, () -> CdkCli.provide(new CdkCli.Provisioning(
                old.toString(), PINNED, dir, false, true, Map.of()), NEEDED, reporter));
        assertTrue(e.getMessage().contains("is cdk 2.1020.0, too old for this cloud assembly: it needs cdk CLI"
                + " 2.1134.0 or newer"), e.getMessage());
    }

    @Test
    @Tag("node")
    void offlineWithAnEmptyCacheExplainsWhatToDo(@TempDir Path cache) {
        // npm --offline cannot have a version nobody ever installed here in its cache.
        DeployException e = assertThrows(DeployException.class, () -> CdkCli.provide(new CdkCli.Provisioning(
                null, CliVersion.parse("2.1134.99"), cache, true, false, Map.of()), NEEDED, reporter));
        assertTrue(e.getMessage().startsWith("npm could not install aws-cdk@2.1134.99"), e.getMessage());
        assertTrue(e.getMessage().contains("Maven runs offline (-o)"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("2.1134.99")), "a failed install leaves no half-installed CLI");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Installing aws-cdk@2.1134.99")
                && l.contains("goaws ships no lockfile for it")), log.toString());
    }
}
