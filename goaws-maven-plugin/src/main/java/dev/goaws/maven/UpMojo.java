package dev.goaws.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployException;
import dev.goaws.core.deploy.StackReader;
import dev.goaws.core.local.LocalApp;
import dev.goaws.core.local.LocalAwsException;
import dev.goaws.core.local.LocalState;
import dev.goaws.core.local.Loopback;
import dev.goaws.core.local.MotoServer;
import dev.goaws.core.local.TableSeeder;
import dev.goaws.core.stacks.ContainerStack;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.deploy.Deployment;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The whole architecture on this machine, no AWS account and no Docker: starts a local AWS (moto, through
 * goaws's launcher) or uses {@code goaws.endpoint}, bootstraps it, deploys the three stacks into it through the
 * same code path as a real deploy, optionally seeds the table, then runs the app as a local JVM with the
 * emulator's endpoint, the table name from its SSM and the login from its Secrets Manager, exactly as ECS would
 * inject them. Prints the URL and the login, runs until Ctrl-C (or {@code mvn goaws:down}), then stops all.
 */
@Mojo(name = "up", threadSafe = true)
public class UpMojo extends AbstractImageMojo {
    /** Where the app listens on 127.0.0.1. */
    @Parameter(property = "goaws.localPort", defaultValue = "8080")
    protected int localPort;

    /** Port of the local AWS (moto) on 127.0.0.1; 0 picks a free one. Ignored with {@code goaws.endpoint}. */
    @Parameter(property = "goaws.localAwsPort", defaultValue = "0")
    protected int localAwsPort;

    /** The Python 3 that has moto 5 ({@code pip install "moto[server]==5.2.1"}). */
    @Parameter(property = "goaws.python", defaultValue = "python3")
    protected String python;

    /** Sample items written into the table after the deploy (0: none). */
    @Parameter(property = "goaws.seedItems", defaultValue = "0")
    protected int seedItems;

    /** The app's runnable jar. Default: this project's jar. */
    @Parameter(property = "goaws.appJar", defaultValue = "${project.build.directory}/${project.build.finalName}.jar")
    protected File appJar;

    /** Seconds the app may take to answer {@code /ping}. */
    @Parameter(property = "goaws.appStartTimeout", defaultValue = "120")
    protected int appStartTimeout;

    private final List<AutoCloseable> started = new ArrayList<>();
    /** Set by the shutdown hook: Ctrl-C or goaws:down is the normal way to end, not a failure. */
    private volatile boolean stopping;

    @Override
    protected void run() {
        if (seedItems < 0 || seedItems > 100_000) {
            throw new InvalidSettingException("goaws.seedItems", seedItems + "; use 0 to 100000.");
        }
        Path jar = appJar.toPath();
        GoawsSettings configured = settings();
        // The emulator runs no containers: without an image the stack gets a well-formed placeholder reference;
        // the app itself runs locally.
        GoawsSettings settings = configured.image() != null ? configured
                : configured.toBuilder().image(new ImageSource.Registry("goaws.local/app:local")).build();
        Path stateFile = outputDirectory.toPath().resolve("local.json");
        Thread shutdown = new Thread(() -> {
            stopping = true;
            stopAll();
        }, "goaws-local-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            // Both checked before anything starts: a mistake costs a second, not a deploy.
            LocalApp.requireJar(jar);
            Loopback.requireFree(localPort, "goaws.localPort");
            MotoServer moto = null;
            if (endpoint == null || endpoint.isBlank()) {
                moto = MotoServer.start(python, localAwsPort, outputDirectory.toPath().resolve("local"),
                        line -> getLog().debug("[moto] " + line), Duration.ofSeconds(60));
                started.add(moto);
                endpoint = moto.endpoint().toString();
                getLog().info("Local AWS (moto) at " + endpoint);
            }
            if (region == null || region.isBlank()) {
                region = "eu-central-1";
            }
            AwsTarget.AwsSession aws = connectLocal();
            bootstrap = true;
            var outputs = Deployment.open(settings, synthesize(settings), aws, cliSettings(),
                    outputDirectory.toPath().resolve("outputs.json"), reporter()).deploy(List.of(StackKind.VPC, StackKind.TABLE, StackKind.CONTAINER));
            String table = new StackReader(settings, aws).parameter(settings.tableParameter()).orElseThrow(() ->
                    new LocalAwsException("The table stack published no " + settings.tableParameter()));
            if (seedItems > 0) {
                try (DynamoDbClient dynamo = aws.dynamoDb()) {
                    TableSeeder.seed(dynamo, table, settings.partitionKey(), seedItems);
                }
                getLog().info("Seeded " + seedItems + " items into " + table);
            }
            Map<String, String> login = login(aws, outputs.get(settings.stackName(StackKind.CONTAINER))
                    .get(ContainerStack.OUTPUT_CREDENTIALS_SECRET));
            LocalApp app = LocalApp.start(jar, localPort, appEnvironment(settings, aws, login),
                    line -> getLog().info("[app] " + line), Duration.ofSeconds(appStartTimeout));
            started.add(app);
            List<LocalState.Proc> processes = new ArrayList<>();
            processes.add(LocalState.Proc.of("maven (goaws:up)", ProcessHandle.current()));
            processes.add(LocalState.Proc.of("app", app.process().toHandle()));
            if (moto != null) {
                processes.add(LocalState.Proc.of("moto", moto.process().toHandle()));
            }
            new LocalState(processes, app.url().toString(), endpoint).write(stateFile);
            banner(app, login, settings, table);
            app.process().waitFor();
            if (stopping) {
                getLog().info("goaws local cloud stopped.");
                return;
            }
            throw new LocalAwsException("The app stopped (exit " + app.process().exitValue() + "); the local"
                    + " cloud is shut down.");
        } catch (IOException e) {
            throw new LocalAwsException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalAwsException("Interrupted", e);
        } finally {
            stopAll();
            try {
                Files.deleteIfExists(stateFile);
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IOException | IllegalStateException ignored) {
                // shutting down anyway
            }
        }
    }

    private AwsTarget.AwsSession connectLocal() {
        AwsTarget target = target().withLocalCredentials();
        return target.connect();
    }

    private static Map<String, String> login(AwsTarget.AwsSession aws, String secretArn) throws IOException {
        try (SecretsManagerClient secrets = aws.secretsManager()) {
            String json = secrets.getSecretValue(b -> b.secretId(secretArn)).secretString();
            Map<String, String> login = new HashMap<>();
            new ObjectMapper().readTree(json).fields().forEachRemaining(f -> login.put(f.getKey(), f.getValue().asText()));
            return login;
        }
    }

    /** What ECS gives the container in AWS, pointed at the emulator. */
    private Map<String, String> appEnvironment(GoawsSettings settings, AwsTarget.AwsSession aws,
            Map<String, String> login) {
        Map<String, String> env = new HashMap<>(aws.cliEnvironment());
        env.put("PORT", Integer.toString(localPort));
        env.put("GOAWS_BIND_ADDRESS", "127.0.0.1"); // the printed login must not open the app to the network
        env.put("GOAWS_TABLE_PARAMETER", settings.tableParameter());
        env.put("GOAWS_USERNAME", login.get("username"));
        env.put("GOAWS_PASSWORD", login.get("password"));
        return env;
    }

    private void banner(LocalApp app, Map<String, String> login, GoawsSettings settings, String table) {
        getLog().info("");
        getLog().info("goaws local cloud is up");
        getLog().info("  App:      " + app.url());
        getLog().info("  Login:    user " + login.get("username") + ", password " + login.get("password")
                + "  (generated into the emulator's Secrets Manager; local only)");
        getLog().info("  AWS:      " + endpoint + "  (stacks " + settings.stackName(StackKind.VPC) + ", "
                + settings.stackName(StackKind.TABLE) + ", " + settings.stackName(StackKind.CONTAINER)
                + "; table " + table + ")");
        getLog().info("  Not emulated: ECS runs no task and the load balancer forwards nothing: the app runs here"
                + " as a JVM process.");
        getLog().info("  Stop:     Ctrl-C, or 'mvn goaws:down' from another terminal");
        getLog().info("");
    }

    /** Stops the app (gracefully) and the emulator; safe to call twice (finally and the shutdown hook). */
    private synchronized void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                getLog().warn("Could not stop " + started.get(i) + ": " + e.getMessage());
            }
        }
        started.clear();
    }
}
