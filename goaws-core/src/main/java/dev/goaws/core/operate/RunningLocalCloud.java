package dev.goaws.core.operate;

import dev.goaws.core.Workspace;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.local.LocalCloud;
import dev.goaws.core.local.LocalState;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local cloud a {@code goaws:up} runs in this project, as its {@code local.json} records it: the goals that
 * work on it from another terminal ({@code run-task -Dgoaws.local=true}, {@code exec}) find its emulator and its
 * container engine here, or say that none runs.
 */
record RunningLocalCloud(Path stateFile, LocalState state) {

    /** The running local cloud of the project whose goaws output is {@code outputDirectory}. */
    static RunningLocalCloud find(Path outputDirectory, String goal) {
        Path file = new Workspace(outputDirectory).localState();
        Optional<LocalState> state;
        try {
            state = LocalState.read(file);
        } catch (IOException e) {
            throw new OperateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (state.isEmpty() || state.get().runningUp().isEmpty()) {
            throw new OperateException("No local cloud runs in this project (" + (state.isEmpty() ? "no " + file
                    : "the goaws:up that wrote " + file + " has ended") + "): " + goal + " works on a running one."
                    + " Start it with 'mvn goaws:up' and run this goal from another terminal.");
        }
        if (state.get().awsEndpoint() == null) {
            throw new OperateException("The local cloud is still starting (its stacks are being deployed): wait for"
                    + " its banner ('goaws local cloud is up'), then run " + goal + " again.");
        }
        return new RunningLocalCloud(file, state.get());
    }

    /** The emulator, with its throwaway credentials, in the region the local cloud deployed to. */
    AwsTarget.AwsSession connect(String configuredRegion) {
        String region = state.awsRegion() != null ? state.awsRegion()
                : configuredRegion != null && !configuredRegion.isBlank() ? configuredRegion : LocalCloud.DEFAULT_REGION;
        return new AwsTarget(region, null, URI.create(state.awsEndpoint()), null, false).withLocalCredentials()
                .connect();
    }

    /** The engine the local cloud's tasks run in, or empty in its JVM mode. */
    Optional<ContainerEngine> engine(List<String> extraArgs) {
        return state.containerEngine() == null ? Optional.empty()
                : ContainerEngine.detect(state.containerEngine(), extraArgs);
    }

    /**
     * What a task of the local cloud gets instead of the task role: the emulator's endpoint, region and throwaway
     * keys (never a real account's credentials).
     */
    static Map<String, String> localAwsEnvironment(AwsTarget.AwsSession aws) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        aws.cliEnvironment().forEach((name, value) -> {
            if (value != null && name.startsWith("AWS_")) {
                env.put(name, value);
            }
        });
        return env;
    }
}
