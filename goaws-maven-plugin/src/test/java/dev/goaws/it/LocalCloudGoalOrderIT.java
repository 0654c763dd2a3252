package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployedTask;
import dev.goaws.core.local.LocalState;
import dev.goaws.core.engine.Loopback;
import dev.goaws.core.process.ProcessRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The order a new user tries first, on a machine without a container engine: {@code goaws:build-app} then
 * {@code goaws:up} in one invocation. build-app's context must not make the container stack a Docker image asset
 * (the cdk CLI would run {@code docker login} against the emulator's ECR host and fail without a daemon): the
 * task runs as a JVM and the deployed task definition names a placeholder image. And a runtime that cannot be
 * had ({@code container} without an engine) fails on the setting before anything starts.
 */
class LocalCloudGoalOrderIT {

    @Test
    void buildAppThenUpWithoutAnEngineRunsTheJvmAndDeploysNoImageAsset() throws Exception {
        Path appJar = Path.of(System.getProperty("goaws.it.appJar"));
        assertTrue(Files.isRegularFile(appJar), appJar + " is missing: run 'mvn verify' from the repository root");
        Path project = Path.of("target", "local-order-it").toAbsolutePath();
        MavenRun.userProject(project);
        MavenRun maven = MavenRun.localCloud(project);

        MavenRun.Result insisting = maven.run("order-up-container-without-engine", "goaws:up",
                "-Dgoaws.localRuntime=container", "-Dgoaws.containerEngine=none", "-Dgoaws.appJar=" + appJar);
        assertFalse(insisting.succeeded(), insisting.log());
        assertTrue(insisting.log().contains("goaws.localRuntime") && insisting.log().contains(
                "container, but no container engine answers"), insisting.log());
        assertFalse(insisting.log().contains("Local AWS (moto) at"), "moto started before the setting was checked");

        StringBuilder log = new StringBuilder();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        ProcessRunner.Running up = maven.start("order-build-app-up", line -> {
            synchronized (log) {
                log.append(line).append('\n');
                if (line.contains("  Stop:")) {
                    ready.complete(null);
                }
            }
        }, "goaws:build-app", "goaws:up", "-Dgoaws.appJar=" + appJar, "-Dgoaws.containerEngine=none",
                "-Dgoaws.localPort=" + Loopback.freePort(), "-Dgoaws.seedItems=3");
        up.process().onExit().thenRun(() -> ready.completeExceptionally(new AssertionError("goaws:up ended")));
        LocalState state;
        try {
            ready.get(10, TimeUnit.MINUTES);
            String text = log.toString();
            assertTrue(Files.isRegularFile(project.resolve("target/goaws/dist/Dockerfile")), "build-app made no context");
            assertTrue(text.contains("Running the app as a JVM, not its image: no container engine answers"), text);
            assertFalse(text.contains("docker login"), text);
            state = LocalState.read(project.resolve("target/goaws/local.json")).orElseThrow();
            DeployedTask task = DeployedTask.read(AwsTarget.of("eu-central-1", null, state.awsEndpoint(), null,
                    Map.of()).withLocalCredentials().connect(), "goaws-container");
            assertEquals("goaws.local/app:local", task.image(), "the JVM mode deploys a placeholder image");
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(state.appUrl()).resolve("/query")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
        } catch (Exception | AssertionError e) {
            up.close();
            throw new AssertionError(e.getMessage() + "\n" + log, e);
        }
        MavenRun.Result down = maven.run("order-down", "goaws:down");
        assertTrue(down.succeeded(), down.log());
        assertTrue(up.process().waitFor(90, TimeUnit.SECONDS), "goaws:up is still running");
        assertTrue(Loopback.isFree(URI.create(state.appUrl()).getPort()), "the load balancer's port is still taken");
    }
}
