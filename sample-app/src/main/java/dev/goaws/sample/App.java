package dev.goaws.sample;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Entry point of the runnable jar: configuration from the environment, AWS from the SDK's default chain. */
public final class App {

    /** Short enough that a re-pointed parameter is followed quickly, long enough to keep SSM off the hot path. */
    static final Duration TABLE_NAME_TTL = Duration.ofSeconds(30);
    static final int EXIT_BAD_CONFIG = 2;
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private App() {}

    public static void main(String[] args) {
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment(System.getenv());
        } catch (AppConfig.InvalidConfigException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        SsmClient ssm;
        DynamoDbClient dynamoDb;
        try {
            // Building a client is most of the start-up time; build both at once.
            CompletableFuture<SsmClient> ssmFuture = CompletableFuture.supplyAsync(SsmClient::create);
            CompletableFuture<DynamoDbClient> dynamoDbFuture = CompletableFuture.supplyAsync(DynamoDbClient::create);
            ssm = ssmFuture.join();
            dynamoDb = dynamoDbFuture.join();
        } catch (CompletionException e) {
            System.err.println("Refusing to start: cannot set up the AWS clients (is AWS_REGION set?): "
                    + e.getCause().getMessage());
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        WebApp app = WebApp.start(config.bindAddress(), config.port(), new BasicAuthenticator(config.username(), config.password()),
                new TableNameCache(ssm, config.tableParameter(), TABLE_NAME_TTL, Clock.systemUTC()),
                new ItemScanner(dynamoDb));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping: finishing in-flight requests");
            app.stop();
            ssm.close();
            dynamoDb.close();
            LOG.info("Stopped");
        }, "graceful-shutdown"));
        LOG.info("goaws sample app listening on port {} (table from SSM parameter {})",
                app.port(), config.tableParameter());
    }
}
