package dev.goaws.maven;

import dev.goaws.core.GoawsException;
import dev.goaws.core.Reporter;
import java.io.File;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goaws goal shares: where it writes, and the one place where a core failure becomes a build
 * failure. A goal reads its parameters, builds a core request and calls one core entry point in {@link #run()}.
 */
public abstract class AbstractGoawsMojo extends AbstractMojo {

    /** Where goaws writes the cloud assembly ({@code cdk.out}), the deploy outputs and the local cloud's state. */
    @Parameter(property = "goaws.outputDirectory", defaultValue = "${project.build.directory}/goaws")
    protected File outputDirectory;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    protected PluginDescriptor plugin;

    @Override
    public final void execute() throws MojoExecutionException {
        try {
            run();
        } catch (GoawsException e) {
            throw failure(e);
        }
    }

    /** The goal itself. Every refusal is a {@link GoawsException} whose message says what to do. */
    protected abstract void run() throws GoawsException;

    /** A setting at fault is named as the user writes it: the POM element and the {@code -D} property. */
    static MojoExecutionException failure(GoawsException e) {
        if (e.setting() == null) {
            return new MojoExecutionException(e.getMessage(), e);
        }
        String parameter = e.setting().replaceFirst("^goaws\\.", "");
        return new MojoExecutionException("Invalid goaws configuration <" + parameter + "> (-D" + e.setting()
                + "): " + e.getMessage(), e);
    }

    /** The core's progress lines, into the Maven log. */
    protected Reporter reporter() {
        return Reporter.of(getLog()::info, getLog()::warn, getLog()::error);
    }
}
