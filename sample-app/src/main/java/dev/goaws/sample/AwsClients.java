package dev.goaws.sample;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The two SDK clients, built on background threads once the web server listens. Building them is most of the
 * app's start-up work (class loading and initialisation of the SDK, measured at ~60 % of the start-up CPU); on a
 * quarter vCPU that is seconds in which neither the load balancer's health check nor the 401 path would be
 * answered. A request that needs a client before it is ready waits for it.
 */
final class AwsClients implements AutoCloseable {

    private final CompletableFuture<SsmClient> ssm = new CompletableFuture<>();
    private final CompletableFuture<DynamoDbClient> dynamoDb = new CompletableFuture<>();
    private final Supplier<SsmClient> ssmFactory;
    private final Supplier<DynamoDbClient> dynamoDbFactory;
    private final Executor builders;

    AwsClients(Supplier<SsmClient> ssmFactory, Supplier<DynamoDbClient> dynamoDbFactory) {
        this(ssmFactory, dynamoDbFactory, AwsClients::onThreadOfItsOwn);
    }

    /** With what runs the two builds (a thread each, outside tests). */
    AwsClients(Supplier<SsmClient> ssmFactory, Supplier<DynamoDbClient> dynamoDbFactory, Executor builders) {
        this.ssmFactory = ssmFactory;
        this.dynamoDbFactory = dynamoDbFactory;
        this.builders = builders;
    }

    /** Clients from the SDK's default chains (region, credentials, endpoints), not built yet. */
    static AwsClients fromDefaultChains() {
        return new AwsClients(SsmClient::create, DynamoDbClient::create);
    }

    /** Starts building both, each on a thread of its own. */
    AwsClients startBuilding() {
        build(ssm, ssmFactory);
        build(dynamoDb, dynamoDbFactory);
        return this;
    }

    private static void onThreadOfItsOwn(Runnable build) {
        Thread thread = new Thread(build, "aws-client-build");
        thread.setDaemon(true);
        thread.start();
    }

    private <T> void build(CompletableFuture<T> client, Supplier<T> factory) {
        CompletableFuture.supplyAsync(factory, builders).whenComplete((built, failure) -> {
            if (failure != null) {
                client.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
            } else {
                client.complete(built);
            }
        });
    }

    Supplier<SsmClient> ssm() {
        return () -> await(ssm);
    }

    Supplier<DynamoDbClient> dynamoDb() {
        return () -> await(dynamoDb);
    }

    /** Waits until both are built. @throws CompletionException when one cannot be (e.g. no region) */
    void awaitBoth() {
        ssm.join();
        dynamoDb.join();
    }

    @Override
    public void close() {
        ssm.thenAccept(SsmClient::close);
        dynamoDb.thenAccept(DynamoDbClient::close);
    }

    private static <T> T await(CompletableFuture<T> client) {
        try {
            return client.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
