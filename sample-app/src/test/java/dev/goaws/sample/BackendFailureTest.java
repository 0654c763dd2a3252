package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A missing parameter or table is a 503 with a short message, never a stack trace. */
@Tag("moto")
@Tag("node")
@ExtendWith(LocalAws.Extension.class)
class BackendFailureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void missingParameterIs503(LocalAws aws) throws Exception {
        try (RunningApp app = new RunningApp(aws.ssm(), aws.dynamoDb(), "/backend-failure-test/absent")) {
            HttpResponse<String> json = app.get("/query?format=json");
            assertEquals(503, json.statusCode());
            assertTrue(json.headers().firstValue("Retry-After").isPresent());
            assertEquals("The table parameter /backend-failure-test/absent does not exist in SSM.",
                    JSON.readTree(json.body()).get("error").asText());
            HttpResponse<String> html = app.get("/query");
            assertEquals(503, html.statusCode());
            assertNoStackTrace(html.body());
        }
    }

    @Test
    void missingTableIs503AndParameterFixIsPickedUp(LocalAws aws) throws Exception {
        String parameter = "/backend-failure-test/table";
        aws.putParameter(parameter, "backend-failure-absent-table");
        try (RunningApp app = new RunningApp(aws.ssm(), aws.dynamoDb(), parameter)) {
            HttpResponse<String> response = app.get("/query?format=json");
            assertEquals(503, response.statusCode());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("The table named by " + parameter + " does not exist.", body.get("error").asText());
            assertNoStackTrace(response.body());

            // A missing table drops the cached name, so re-pointing the parameter works at once.
            aws.createTable("backend-failure-present-table");
            aws.putParameter(parameter, "backend-failure-present-table");
            HttpResponse<String> fixed = app.get("/query?format=json");
            assertEquals(200, fixed.statusCode());
            assertEquals("backend-failure-present-table", JSON.readTree(fixed.body()).get("table").asText());
        }
    }

    static void assertNoStackTrace(String body) {
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("\tat "), body);
        assertFalse(body.contains("software.amazon"), body);
    }
}
