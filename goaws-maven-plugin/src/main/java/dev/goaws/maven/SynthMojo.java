package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.StackKind;
import dev.goaws.core.synth.Assembly;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Synthesizes the vpc, table and container stacks in-process into {@code target/goaws/cdk.out}, offline and
 * without AWS credentials. The container stack needs an image ({@code goaws.image}, or the directory
 * {@code goaws:build-app} writes); without one it is skipped with a warning.
 */
@Mojo(name = "synth", threadSafe = true)
public class SynthMojo extends AbstractStacksMojo {

    @Override
    protected void run() {
        GoawsSettings settings = settings();
        Assembly assembly = synthesize(settings);
        for (StackKind kind : StackKind.values()) {
            String name = settings.stackName(kind);
            if (assembly.contains(name)) {
                getLog().info("  " + name + ": " + assembly.template(name));
            } else {
                getLog().warn("  " + name + ": not synthesized, no image. Set -Dgoaws.image=<image reference>"
                        + " or run goaws:build-app first.");
            }
        }
    }
}
