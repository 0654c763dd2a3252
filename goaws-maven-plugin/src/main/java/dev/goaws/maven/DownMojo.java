package dev.goaws.maven;

import dev.goaws.core.local.LocalCloud;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Stops what {@code goaws:up} started in this project: the up process (which saves the table's items for the
 * next {@code up} and stops its tasks), the local AWS, and any task container left behind.
 */
@Mojo(name = "down", threadSafe = true)
public class DownMojo extends AbstractGoawsMojo {
    @Override
    protected void run() {
        LocalCloud.down(outputDirectory.toPath(), reporter());
    }
}
