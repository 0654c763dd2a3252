package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

class AwsClientsTest {

    private static SsmClient ssm() {
        return SsmClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    private static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @Test
    void aRequestWaitsForTheClientBeingBuiltAndEveryCallerGetsTheSameOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger built = new AtomicInteger();
        try (AwsClients clients = new AwsClients(() -> {
            await(release);
            built.incrementAndGet();
            return ssm();
        }, AwsClientsTest::dynamoDb)) {
            clients.startBuilding();
            AtomicReference<Thread> caller = new AtomicReference<>();
            CompletableFuture<SsmClient> waiting = CompletableFuture.supplyAsync(() -> {
                caller.set(Thread.currentThread());
                return clients.ssm().get();
            });
            // Released only once the lookup is seen parked inside ssm().get(): one that did not wait for the
            // client would have returned by then, and could not return the client built after the release.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (caller.get() == null || caller.get().getState() != Thread.State.WAITING) {
                assertFalse(waiting.isDone(), "the lookup must wait while the client is being built");
                assertTrue(System.nanoTime() < deadline, "the lookup neither returned nor waited in 30 s");
                Thread.sleep(5);
            }
            assertFalse(waiting.isDone(), "the lookup must wait while the client is being built");
            release.countDown();
            SsmClient first = waiting.get(30, TimeUnit.SECONDS);
            assertSame(first, clients.ssm().get());
            assertEquals(1, built.get(), "built once");
            clients.awaitBoth();
        }
    }

    @Test
    void aClientThatCannotBeBuiltFailsEachRequestWithTheCauseAndTheStartCheck() {
        SdkClientException noRegion = SdkClientException.create("Unable to load region");
        try (AwsClients clients = new AwsClients(() -> {
            throw noRegion;
        }, AwsClientsTest::dynamoDb).startBuilding()) {
            assertSame(noRegion, assertThrows(SdkClientException.class, () -> clients.ssm().get()));
            CompletionException atStart = assertThrows(CompletionException.class, clients::awaitBoth);
            assertSame(noRegion, atStart.getCause());
            assertFalse(clients.dynamoDb().get().serviceName().isEmpty());
        }
    }

    @Test
    void nothingIsBuiltBeforeTheServerAsksForIt() throws Exception {
        AtomicInteger built = new AtomicInteger();
        List<Runnable> builds = new ArrayList<>(); // what the clients hand over to be run; this test runs them
        AwsClients clients = new AwsClients(() -> {
            built.incrementAndGet();
            return ssm();
        }, AwsClientsTest::dynamoDb, builds::add);
        assertEquals(List.of(), builds, "building starts with startBuilding(), after the server listens");
        assertEquals(0, built.get(), "building starts with startBuilding(), after the server listens");
        clients.startBuilding();
        assertEquals(2, builds.size(), "one build per client");
        builds.forEach(Runnable::run);
        clients.awaitBoth();
        assertTrue(built.get() == 1);
        clients.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
