package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.DeployException;
import dev.goaws.core.synth.Assembly;
import dev.goaws.core.synth.SynthesisException;
import dev.goaws.core.synth.Synthesizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Destroys the stacks with {@code cdk destroy --force}: container, then table, then vpc, whatever order they are
 * named in. Stacks that are not deployed are skipped. The DynamoDB table and its data are kept unless
 * {@code goaws.destroyData=true}.
 */
@Mojo(name = "destroy", threadSafe = true)
public class DestroyMojo extends AbstractAwsMojo {

    /** Comma-separated stacks to destroy ({@code vpc}, {@code table}, {@code container}); default: all three. */
    @Parameter(property = "goaws.stacks", defaultValue = "container,table,vpc")
    protected String stacks;

    /** Also delete the DynamoDB table and all its data (default: the table survives its stack). */
    @Parameter(property = "goaws.destroyData", defaultValue = "false")
    protected boolean destroyData;

    @Override
    protected boolean retainData() {
        return !destroyData;
    }

    @Override
    public void execute() throws MojoExecutionException {
        List<StackKind> kinds = new ArrayList<>();
        try {
            for (String id : stacks.split(",")) {
                if (!id.isBlank()) {
                    kinds.add(StackKind.fromId(id));
                }
            }
        } catch (InvalidSettingException e) {
            throw invalid(e);
        }
        if (kinds.isEmpty()) {
            throw new MojoExecutionException("Invalid goaws configuration <stacks> (-Dgoaws.stacks): name at least"
                    + " one of " + StackKind.allIds() + ".");
        }
        GoawsSettings settings = settings();
        var aws = connect();
        try {
            deployment(settings, assemblyFor(settings, kinds), aws).destroy(kinds);
        } catch (DeployException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /**
     * {@code cdk destroy} only needs the stack's name from the assembly. Without an image the container stack is
     * synthesized with a placeholder image into a separate directory, so its template can never be deployed.
     */
    private Assembly assemblyFor(GoawsSettings settings, List<StackKind> kinds) throws MojoExecutionException {
        if (settings.image() != null || !kinds.contains(StackKind.CONTAINER)) {
            return synthesize(settings);
        }
        Path directory = outputDirectory.toPath().resolve("destroy.out");
        try {
            return new Synthesizer(System.getenv()).synthesize(settings.toBuilder()
                    .image(new ImageSource.Registry("goaws.invalid/destroy-only:placeholder")).build(), directory);
        } catch (SynthesisException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
