package dev.goaws.core.local;

import dev.goaws.core.engine.Loopback;

import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The app as a plain JVM process on loopback, the way the local cloud runs it instead of on Fargate. */
public final class LocalApp implements AutoCloseable {
    private final ProcessRunner.Running process;
    private final URI url;

    private LocalApp(ProcessRunner.Running process, URI url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts {@code java -jar jar} with {@code environment} and waits until {@code GET /ping} answers 200.
     * Refuses a taken port before it starts anything.
     */
    public static LocalApp start(Path jar, int port, Map<String, String> environment, Consumer<String> log,
            Duration readyTimeout) throws LocalAwsException {
        requireJar(jar);
        Loopback.requireFree(port, "goaws.localPort");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessRunner.Running running;
        try {
            running = ProcessRunner.start(List.of(java, "-jar", jar.toString()), environment, jar.getParent(), log);
        } catch (ProcessRunner.ProcessException e) {
            throw new LocalAwsException("Cannot start the app: " + e.getMessage(), e);
        }
        URI url = URI.create("http://" + Loopback.HOST + ":" + port + "/");
        try {
            awaitPing(running, url, readyTimeout);
        } catch (LocalAwsException e) {
            running.close();
            throw e;
        }
        return new LocalApp(running, url);
    }

    /** Fails with the command to run when there is no app jar at {@code jar}. */
    public static void requireJar(Path jar) throws LocalAwsException {
        if (!Files.isRegularFile(jar)) {
            throw new LocalAwsException("No app jar at " + jar + ": run 'mvn package' for the app first, or point"
                    + " goaws.appJar at its runnable jar.");
        }
    }

    private static void awaitPing(ProcessRunner.Running running, URI url, Duration timeout) throws LocalAwsException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ping = HttpRequest.newBuilder(url.resolve("/ping")).timeout(Duration.ofSeconds(5)).build();
        ProcessRunner.Running.Probe answers = () -> {
            try {
                return http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false; // not listening yet
            }
        };
        ProcessRunner.Running.Wait outcome;
        try {
            outcome = running.await(answers, timeout, Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalAwsException("Interrupted while waiting for the app", e);
        }
        switch (outcome) {
            case EXITED -> throw new LocalAwsException("The app " + running.exitDescription()
                    + " before it answered. Its last lines:" + System.lineSeparator() + running.tailText());
            case TIMED_OUT -> throw new LocalAwsException("The app did not answer " + url.resolve("/ping") + " within "
                    + timeout.toSeconds() + " s. Its last lines:" + System.lineSeparator() + running.tailText());
            case READY -> { }
        }
    }

    public URI url() {
        return url;
    }

    public Process process() {
        return process.process();
    }

    /** SIGTERM: the app finishes in-flight requests, then exits. */
    @Override
    public void close() {
        process.close();
    }
}
