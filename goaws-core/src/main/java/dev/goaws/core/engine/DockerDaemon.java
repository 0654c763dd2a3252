package dev.goaws.core.engine;

import dev.goaws.core.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Is a Docker daemon reachable? The client alone is not enough (these machines have the client and no
 * daemon), so ask the server for its version: the docker CLI honours DOCKER_HOST and contexts as the cdk CLI's
 * docker build will.
 */
public final class DockerDaemon {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

    private DockerDaemon() {
    }

    /** The {@code docker} on the PATH, with this JVM's environment, answers with a server version. */
    public static boolean isReachable() {
        return isReachable("docker", Map.of());
    }

    /** {@code docker} (the executable) answers {@code version} with a server version. */
    public static boolean isReachable(String docker, Map<String, String> environment) {
        try {
            StringBuilder output = new StringBuilder();
            ProcessRunner.Result result = ProcessRunner.run(
                    List.of(docker, "version", "--format", "{{.Server.Version}}"), environment, (Path) null,
                    line -> output.append(line).append('\n'), PROBE_TIMEOUT);
            return result.succeeded() && !output.toString().isBlank();
        } catch (ProcessRunner.ProcessException e) {
            return false; // no docker client at all, or it hung: either way no daemon to build with
        }
    }
}
