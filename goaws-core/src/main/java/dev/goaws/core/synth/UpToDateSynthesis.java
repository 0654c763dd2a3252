package dev.goaws.core.synth;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.Reporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Synthesizes unless the assembly on disk was made from the same inputs ({@link SynthesisInputs}: plugin,
 * libraries, settings, image): then it is reused without starting the CDK (and node) at all.
 */
public final class UpToDateSynthesis implements Assemblies {
    private final String pluginVersion;
    private final Map<String, String> environment;
    private final Reporter reporter;

    public UpToDateSynthesis(String pluginVersion, Map<String, String> environment, Reporter reporter) {
        this.pluginVersion = pluginVersion;
        this.environment = environment;
        this.reporter = reporter;
    }

    @Override
    public Assembly get(GoawsSettings settings, Path directory) throws SynthesisException {
        SynthesisInputs inputs;
        try {
            inputs = SynthesisInputs.of(settings, pluginVersion);
        } catch (IOException e) {
            throw new SynthesisException("Cannot read the synthesis inputs: " + e.getMessage(), e);
        }
        Optional<Assembly> current = inputs.upToDate(directory);
        if (current.isPresent()) {
            reporter.info("The goaws stacks in " + directory + " are up to date (same plugin, libraries,"
                    + " configuration and image): not synthesized again.");
            return current.get();
        }
        reporter.info("Synthesizing the goaws stacks into " + directory);
        long start = System.nanoTime();
        if (!settings.nag()) {
            reporter.warn("cdk-nag is off (goaws.nag=false): the stacks are not checked against the AwsSolutions"
                    + " rules.");
        }
        Assembly assembly = new Synthesizer(environment).synthesize(settings, directory);
        try {
            inputs.writeTo(directory);
        } catch (IOException e) {
            // Only the next build's shortcut is lost: it synthesizes again.
            reporter.warn("Cannot record the synthesis inputs in " + directory + ": " + e.getMessage());
        }
        reporter.info("Synthesized " + assembly.stackNames().size() + " stack(s) in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return assembly;
    }
}
