package dev.goaws.maven;

import dev.goaws.core.local.LocalState;
import dev.goaws.core.local.LocalAwsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;

/** Stops what {@code goaws:up} started in this project (the app, the local AWS and the up process itself). */
@Mojo(name = "down", threadSafe = true)
public class DownMojo extends AbstractGoawsMojo {
    @Override
    protected void run() {
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
            throw new LocalAwsException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
