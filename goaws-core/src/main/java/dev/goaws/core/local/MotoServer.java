package dev.goaws.core.local;

import dev.goaws.core.engine.Loopback;

import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local AWS: moto's server, started through goaws's launcher ({@code goaws_moto.py}), which patches the gaps
 * between moto's CloudFormation and the real cdk CLI (each documented in the launcher). Listens on loopback
 * only and stops with this JVM at the latest, however it ends ({@code --exit-with-parent}: the launcher watches
 * its parent, and leaves Ctrl-C's SIGINT to it). Serves this machine's tools, not web pages: moto's global CORS
 * is off, and the launcher refuses (403) a request for another host name (DNS rebinding) or one a browser marks
 * as a page's ({@code Origin}, {@code Sec-Fetch-*}).
 */
public final class MotoServer implements AutoCloseable {
    static final String LAUNCHER = "/dev/goaws/local/goaws_moto.py";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ProcessRunner.Running process;
    private final URI endpoint;

    private MotoServer(ProcessRunner.Running process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts the emulator on {@code port} (0 = a free one) and waits until it answers.
     *
     * @param python the Python 3 with moto installed, e.g. {@code python3}
     * @param workDir where the launcher script is written
     * @param log receives the server's output lines
     */
    public static MotoServer start(String python, int port, Path workDir, Consumer<String> log, Duration readyTimeout)
            throws LocalAwsException {
        int actualPort = port == 0 ? Loopback.freePort() : port;
        Path launcher = extractLauncher(workDir);
        CountDownLatch ready = new CountDownLatch(1);
        ProcessRunner.Running running;
        try {
            running = ProcessRunner.start(List.of(python, launcher.toString(), "--host", Loopback.HOST,
                            "--port", Integer.toString(actualPort), "--exit-with-parent"),
                    // CORS off (the launcher sets it too): no page in the user's browser may read the emulator.
                    Map.of("PYTHONUNBUFFERED", "1", "MOTO_DISABLE_GLOBAL_CORS", "true"), workDir, line -> {
                        if (line.startsWith("goaws-moto ready ")) {
                            ready.countDown();
                        }
                        log.accept(line);
                    });
        } catch (ProcessRunner.ProcessException e) {
            throw new LocalAwsException("Cannot start '" + python + "': " + e.getMessage() + ". The local cloud needs"
                    + " Python 3 with moto 5: install python3, then pip install \"moto[server]==5.2.1\".", e);
        }
        try {
            if (running.await(() -> ready.await(100, TimeUnit.MILLISECONDS), readyTimeout, Duration.ZERO)
                    != ProcessRunner.Running.Wait.READY) {
                String failure = explainFailure(running, actualPort, readyTimeout);
                running.close();
                throw new LocalAwsException(failure);
            }
        } catch (InterruptedException e) {
            running.close();
            Thread.currentThread().interrupt();
            throw new LocalAwsException("Interrupted while starting moto", e);
        }
        return new MotoServer(running, URI.create("http://" + Loopback.HOST + ":" + actualPort));
    }

    private static String explainFailure(ProcessRunner.Running running, int port, Duration timeout) {
        String output = running.tailText();
        if (output.contains("No module named") || output.contains("moto is not installed")) {
            return "moto is not installed for this Python: pip install \"moto[server]==5.2.1\"."
                    + System.lineSeparator() + output;
        }
        if (output.contains("cannot listen") || output.contains("is in use by another program")) {
            return "Port " + port + " on " + Loopback.HOST + " is taken: choose another (goaws.localAwsPort, 0 picks a free one) or stop what uses it."
                    + System.lineSeparator() + output;
        }
        String what = running.process().isAlive() ? "did not become ready within " + timeout.toSeconds() + " s"
                : running.exitDescription() + " before it was ready";
        return "moto " + what + ". Its last lines:" + System.lineSeparator() + output;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Process process() {
        return process.process();
    }

    public boolean alive() {
        return process.process().isAlive();
    }

    /** Its last output lines (all of them once {@link #awaitOutput} returned after its exit). */
    public String tailText() {
        return process.tailText();
    }

    /** "exited (code N)" once it has ended. */
    public String exitDescription() {
        return process.exitDescription();
    }

    void awaitOutput(Duration timeout) throws InterruptedException {
        process.awaitOutputEnd(timeout);
    }

    /**
     * How many DynamoDB requests that may change data it has answered (the launcher counts them): the same
     * number twice means the tables did not change in between. Empty when it does not answer.
     */
    public java.util.OptionalLong dynamoDbChanges() {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/_goaws/changes"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return java.util.OptionalLong.empty();
            }
            return java.util.OptionalLong.of(new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(response.body()).path("dynamodb").asLong());
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        process.close();
    }

    private static Path extractLauncher(Path workDir) throws LocalAwsException {
        try (InputStream in = MotoServer.class.getResourceAsStream(LAUNCHER)) {
            Files.createDirectories(workDir);
            Path target = workDir.resolve("goaws_moto.py");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException | NullPointerException e) {
            throw new LocalAwsException("Cannot write the moto launcher into " + workDir + ": " + e.getMessage(), e);
        }
    }
}
