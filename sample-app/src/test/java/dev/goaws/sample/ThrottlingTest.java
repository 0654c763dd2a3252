package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Throttling: the SDK retries on its own, and when AWS keeps refusing the client gets a 503. */
@Tag("moto")
@Tag("node")
@ExtendWith(LocalAws.Extension.class)
class ThrottlingTest {

    @Test
    void persistentThrottlingIsRetriedThen503(LocalAws aws) throws Exception {
        try (FaultProxy proxy = new FaultProxy(aws.ssmEndpoint());
                SsmClient throttledSsm = LocalAws.ssmClient(proxy.endpoint());
                RunningApp app = new RunningApp(throttledSsm, aws.dynamoDb(), "/throttling-test/table")) {
            proxy.mode(FaultProxy.Mode.THROTTLE);
            HttpResponse<String> response = app.send(app.request("/query").header("Accept", "application/json").GET().build());
            assertEquals(503, response.statusCode());
            assertTrue(response.body().contains("retry shortly"), response.body());
            assertTrue(proxy.requests() >= 2, "the SDK should have retried, saw " + proxy.requests() + " request(s)");
            BackendFailureTest.assertNoStackTrace(response.body());
        }
    }

    @Test
    void throttlingThatClearsIsInvisible(LocalAws aws) throws Exception {
        aws.createTable("throttling-items");
        aws.putItems("throttling-items", LocalAws.numberedItems(5, 20));
        aws.putParameter("/throttling-test/cleared", "throttling-items");
        try (FaultProxy proxy = new FaultProxy(aws.ssmEndpoint());
                SsmClient ssm = LocalAws.ssmClient(proxy.endpoint());
                RunningApp app = new RunningApp(ssm, aws.dynamoDb(), "/throttling-test/cleared")) {
            proxy.mode(FaultProxy.Mode.THROTTLE);
            assertEquals(503, app.get("/query?format=json").statusCode());
            proxy.mode(FaultProxy.Mode.FORWARD);
            HttpResponse<String> response = app.get("/query?format=json");
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("\"count\":5"), response.body());
        }
    }
}
