package dev.goaws.maven;

import dev.goaws.core.local.LocalState;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Stops what {@code goaws:up} started in this project (the app, the local AWS and the up process itself). */
@Mojo(name = "down", threadSafe = true)
public class DownMojo extends AbstractMojo {
    /** Where goaws:up recorded what it started ({@code local.json}). */
    @Parameter(property = "goaws.outputDirectory", defaultValue = "${project.build.directory}/goaws")
    protected File outputDirectory;

    @Override
    public void execute() throws MojoExecutionException {
        Path file = outputDirectory.toPath().resolve("local.json");
        try {
            Optional<LocalState> state = LocalState.read(file);
            if (state.isEmpty()) {
                getLog().info("No local cloud is running here (no " + file + ").");
                return;
            }
            List<String> stopped = state.get().stop(Duration.ofSeconds(30));
            Files.deleteIfExists(file);
            getLog().info(stopped.isEmpty() ? "The local cloud had already stopped."
                    : "Stopped " + String.join(", ", stopped) + ".");
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
