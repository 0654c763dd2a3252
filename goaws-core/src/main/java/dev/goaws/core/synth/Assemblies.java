package dev.goaws.core.synth;

import dev.goaws.core.GoawsSettings;
import java.nio.file.Path;

/**
 * Where the goals get a synthesized assembly from: {@link UpToDateSynthesis} in the core, wrapped by the Maven
 * layer so that one Maven session synthesizes a configuration once.
 */
@FunctionalInterface
public interface Assemblies {
    Assembly get(GoawsSettings settings, Path directory) throws SynthesisException;
}
