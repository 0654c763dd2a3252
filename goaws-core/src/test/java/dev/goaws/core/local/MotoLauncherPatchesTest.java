package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The launcher's patches and the numbered list of moto's gaps in docs/TESTING.md are one list: every gap the
 * launcher patches has its entry there under the same number, and every entry a patch.
 */
@Tag("moto")
class MotoLauncherPatchesTest {
    private static final Path LAUNCHER = Path.of("src/main/resources/dev/goaws/local/goaws_moto.py");
    private static final Path GAPS = Path.of("../docs/TESTING.md");

    @Test
    void everyPatchedGapIsNumberedInTheReadmeAndTheListIsInOrder() throws Exception {
        List<String> lines = new ArrayList<>();
        ProcessRunner.Result result = ProcessRunner.run(List.of("python3", LAUNCHER.toString(), "--list-patches"),
                Map.of(), null, lines::add, Duration.ofSeconds(60));
        assertTrue(result.succeeded(), result.tailText());
        List<Integer> listed = new ArrayList<>();
        Pattern patch = Pattern.compile(" *(\\d+) patch_\\w+: .+");
        for (String line : lines) {
            Matcher m = patch.matcher(line);
            assertTrue(m.matches(), "not a patch line: " + line);
            listed.add(Integer.parseInt(m.group(1)));
        }
        assertEquals(listed.stream().sorted().toList(), listed, "--list-patches prints the gaps in order");

        String readme = Files.readString(GAPS);
        String section = readme.substring(readme.indexOf("### moto and its gaps"));
        section = section.substring(0, section.indexOf("What moto does not do"));
        List<Integer> documented = new ArrayList<>();
        Matcher item = Pattern.compile("(?m)^(\\d+)\\. ").matcher(section);
        while (item.find()) {
            documented.add(Integer.parseInt(item.group(1)));
        }
        assertEquals(new ArrayList<>(new TreeSet<>(listed)), documented,
                "TESTING.md's numbered gaps and the launcher's patch numbers");
    }
}
