package dev.goaws.maven;

import dev.goaws.core.GoawsException;
import dev.goaws.core.Reporter;
import java.io.File;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
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

    /**
     * Skip this goal: nothing is built, synthesized, deployed or started. For a module that inherits the plugin's
     * executions but has nothing to ship, or a CI job that runs only some goals.
     */
    @Parameter(property = "goaws.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected org.apache.maven.plugin.MojoExecution mojoExecution;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    protected PluginDescriptor plugin;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping goaws:" + (mojoExecution == null ? "?" : mojoExecution.getGoal())
                    + " (goaws.skip=true)");
            return;
        }
        try {
            run();
        } catch (GoawsException e) {
            if (e.setting() != null) {
                throw failure(e);
            }
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** The goal itself. Every refusal is a {@link GoawsException} whose message says what to do. */
    protected abstract void run() throws GoawsException;

    /**
     * A setting the user must fix: Maven's failure (not an error of the build), named as the user writes it, the
     * POM element and the {@code -D} property. What went wrong otherwise (AWS, the CLI, the engine) is an
     * execution error whose message says what to do.
     */
    static MojoFailureException failure(GoawsException e) {
        String parameter = e.setting().replaceFirst("^goaws\\.", "");
        MojoFailureException failure = new MojoFailureException("Invalid goaws configuration <" + parameter
                + "> (-D" + e.setting() + "): " + e.getMessage());
        failure.initCause(e);
        return failure;
    }

    /** The core's progress lines, into the Maven log. */
    protected Reporter reporter() {
        return Reporter.of(getLog()::info, getLog()::warn, getLog()::error);
    }
}
