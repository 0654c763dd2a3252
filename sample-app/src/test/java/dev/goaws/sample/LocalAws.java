package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Real local AWS for the tests: dynalite (DynamoDB) and moto (SSM) as child processes on free
 * loopback ports, started once per test JVM and stopped when JUnit's root context closes.
 * Use it with {@code @ExtendWith(LocalAws.Extension.class)} and a {@code LocalAws} parameter.
 */
final class LocalAws implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    static final String REGION = "us-east-1";
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Path LOG_DIR = Path.of("target", "fixture-logs");

    /** Resolves {@link LocalAws} parameters; the first use starts the servers. */
    static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LocalAws.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(LocalAws.class, key -> LocalAws.start(), LocalAws.class);
        }
    }

    private final List<Process> processes = new ArrayList<>();
    private URI dynamoDbEndpoint;
    private URI ssmEndpoint;
    private DynamoDbClient dynamoDb;
    private SsmClient ssm;

    private LocalAws() {}

    static LocalAws start() {
        LocalAws aws = new LocalAws();
        try {
            aws.startServers();
        } catch (RuntimeException | Error e) {
            aws.close();
            throw e;
        }
        return aws;
    }

    private void startServers() {
        Path dynalite = Path.of(System.getProperty("dynalite.executable", "../node_modules/.bin/dynalite"))
                .toAbsolutePath().normalize();
        if (!Files.isExecutable(dynalite)) {
            fail("dynalite not found at " + dynalite + ": run `npm ci` at the repo root (it installs the "
                    + "devDependencies of package.json), then run the build again.");
        }
        int dynamoPort = freePort();
        int motoPort = freePort();
        Process dynaliteProcess = launch("dynalite", List.of(dynalite.toString(), "--host", "127.0.0.1",
                "--port", String.valueOf(dynamoPort),
                // Without these, new tables stay CREATING for 500 ms and the SDK waiter polls every 20 s.
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        Process motoProcess = launch("moto", List.of("python3", "-m", "moto.server", "-H", "127.0.0.1",
                "-p", String.valueOf(motoPort)));
        waitUntilListening("dynalite", dynaliteProcess, dynamoPort);
        waitUntilListening("moto", motoProcess, motoPort);
        dynamoDbEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
        ssmEndpoint = URI.create("http://127.0.0.1:" + motoPort);
        dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).build();
        ssm = ssmClient(ssmEndpoint);
    }

    URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    URI ssmEndpoint() {
        return ssmEndpoint;
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    SsmClient ssm() {
        return ssm;
    }

    static SsmClient ssmClient(URI endpoint) {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(CREDENTIALS).build();
    }

    void createTable(String name) {
        dynamoDb.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName(ItemScanner.KEY).keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName(ItemScanner.KEY).attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(name));
    }

    void putParameter(String name, String value) {
        ssm.putParameter(r -> r.name(name).value(value).type(ParameterType.STRING).overwrite(true));
    }

    /** Items {@code item-00000}, {@code item-00001}, … each carrying a payload of {@code payloadChars}. */
    static List<Map<String, AttributeValue>> numberedItems(int count, int payloadChars) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = String.format("item-%05d", i);
            String payload = (id + " lorem ipsum dolor sit amet ").repeat(payloadChars / 30 + 1).substring(0, payloadChars);
            items.add(Map.of(ItemScanner.KEY, AttributeValue.fromS(id),
                    "payload", AttributeValue.fromS(payload),
                    "rank", AttributeValue.fromN(String.valueOf(i)),
                    "even", AttributeValue.fromBool(i % 2 == 0)));
        }
        return items;
    }

    void putItems(String table, List<Map<String, AttributeValue>> items) {
        for (int start = 0; start < items.size(); start += 25) {
            List<WriteRequest> batch = items.subList(start, Math.min(start + 25, items.size())).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = new HashMap<>(Map.of(table, batch));
            while (!pending.isEmpty()) {
                BatchWriteItemResponse response = dynamoDb.batchWriteItem(r -> r.requestItems(pending));
                pending.clear();
                pending.putAll(response.unprocessedItems());
            }
        }
    }

    @Override
    public void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (ssm != null) {
            ssm.close();
        }
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private Process launch(String name, List<String> command) {
        try {
            Files.createDirectories(LOG_DIR);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(LOG_DIR.resolve(name + ".log").toFile()).start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    /** Readiness = the port accepts connections; a dead process fails at once with its log. */
    static void waitUntilListening(String name, Process process, int port) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail(name + " exited with code " + process.exitValue() + " before listening; see "
                        + LOG_DIR.resolve(name + ".log").toAbsolutePath() + ":\n" + readLog(name));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        fail(name + " did not listen on 127.0.0.1:" + port + " within " + READY_TIMEOUT + ":\n" + readLog(name));
    }

    private static String readLog(String name) {
        try {
            return Files.readString(LOG_DIR.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
