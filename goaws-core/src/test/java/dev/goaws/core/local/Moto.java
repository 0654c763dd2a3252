package dev.goaws.core.local;

import dev.goaws.core.deploy.AwsTarget;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A running moto for tests ({@link WithMoto}): its endpoint, an {@link AwsTarget} on it with the emulator's
 * throwaway credentials, a connected session and SDK clients. Its output goes to {@code target/moto/<name>/moto.log}.
 */
public final class Moto implements AutoCloseable {
    /** The JUnit tag of tests that need Python 3 with moto. */
    public static final String TAG = "moto";
    public static final String REGION = "eu-central-1";
    /** moto's fixed account. */
    public static final String ACCOUNT = "123456789012";
    /** A deadline, not a measure: moto imports a lot, and took 30 s to start on a loaded two-core machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final MotoServer server;
    private final BufferedWriter log;
    private final Path logFile;
    private AwsTarget.AwsSession session;

    private Moto(MotoServer server, BufferedWriter log, Path logFile) {
        this.server = server;
        this.log = log;
        this.logFile = logFile;
    }

    /** Starts a moto whose launcher and log live in {@code target/moto/<name>}. */
    public static Moto start(String name) {
        Path dir = Path.of("target", "moto", name).toAbsolutePath();
        Path logFile = dir.resolve("moto.log");
        BufferedWriter log;
        try {
            Files.createDirectories(dir);
            log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logFile, e);
        }
        try {
            return new Moto(MotoServer.start("python3", 0, dir, line -> write(log, line), START_TIMEOUT), log, logFile);
        } catch (LocalAwsException e) {
            close(log);
            throw new IllegalStateException("moto did not start for the tests tagged '" + TAG + "' (they need python3"
                    + " with moto[server]==5.2.1; see docs/TESTING.md). Its log: " + logFile + "\n" + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** The emulator as goaws targets it: region {@value #REGION}, credentials {@code test}/{@code test}. */
    public AwsTarget target() {
        return AwsTarget.of(REGION, null, endpoint().toString(), null, Map.of()).withLocalCredentials();
    }

    /** The target connected (the account asked of moto's STS once); its SDK clients are the caller's to close. */
    public synchronized AwsTarget.AwsSession session() {
        if (session == null) {
            session = target().connect();
        }
        return session;
    }

    /** Any SDK client on this emulator, configured as the tests' own clients: region, throwaway keys, endpoint. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean alive() {
        return server.alive();
    }

    /** The launcher's count of DynamoDB requests that may change data ({@link MotoServer#dynamoDbChanges()}). */
    public java.util.OptionalLong dynamoDbChanges() {
        return server.dynamoDbChanges();
    }

    @Override
    public void close() {
        server.close();
        close(log);
    }

    private static void write(BufferedWriter log, String line) {
        synchronized (log) {
            try {
                log.write(line);
                log.newLine();
                log.flush();
            } catch (IOException ignored) {
                // the log is for reading after a failure, never a reason for one
            }
        }
    }

    private static void close(BufferedWriter log) {
        synchronized (log) {
            try {
                log.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * Resolves {@link Moto} parameters of a {@link WithMoto} class: its own moto in the class's store (closed
     * after its last test), or the shared one in the root store (closed when the test run ends). JUnit closes
     * both as {@link AutoCloseable} values of its stores.
     */
    public static final class Extension implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Moto.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Moto.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> testClass = context.getRequiredTestClass();
            WithMoto with = AnnotationSupport.findAnnotation(testClass, WithMoto.class).orElseThrow(
                    () -> new ParameterResolutionException(testClass.getName() + " takes a Moto without @WithMoto"));
            if (!with.own()) {
                return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("shared", Moto::start, Moto.class);
            }
            ExtensionContext classContext = context;
            while (classContext.getTestMethod().isPresent()) {
                classContext = classContext.getParent().orElseThrow();
            }
            return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(testClass.getSimpleName(), Moto::start,
                    Moto.class);
        }
    }
}
