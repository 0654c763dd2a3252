package dev.goaws.sample;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        // Listen first, then build the SDK clients (most of the start-up work): health checks and the 401 path
        // are answered meanwhile, and a request that needs a client waits for it.
        AwsClients clients = AwsClients.fromDefaultChains();
        WebApp app = WebApp.start(config.bindAddress(), config.port(), new BasicAuthenticator(config.username(), config.password()),
                new TableNameCache(clients.ssm(), config.tableParameter(), TABLE_NAME_TTL, Clock.systemUTC()),
                new ItemScanner(clients.dynamoDb()));
        clients.startBuilding();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping: finishing in-flight requests");
            app.stop();
            clients.close();
            LOG.info("Stopped");
        }, "graceful-shutdown"));
        LOG.info("goaws sample app listening on port {} (table from SSM parameter {})",
                app.port(), config.tableParameter());
        try {
            clients.awaitBoth();
        } catch (CompletionException e) {
            System.err.println("Refusing to start: cannot set up the AWS clients (is AWS_REGION set?): "
                    + e.getCause().getMessage());
            System.exit(EXIT_BAD_CONFIG);
        }
    }
}
