package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** /query end to end: the real app, a real multi-page table in dynalite, the name in moto's SSM. */
@Tag("moto")
@Tag("node")
@ExtendWith(LocalAws.Extension.class)
class QueryEndpointTest {

    static final String TABLE = "query-endpoint-items";
    static final String PARAMETER = "/query-endpoint-test/table";
    static final int ITEM_COUNT = 2_600;
    static final String HOSTILE_ID = "<i>evil & \"co\"</i>";
    private static final Pattern ITEM_CELL = Pattern.compile("<td class=\"item-id\">([^<]*)</td>");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Set<String> seededIds;
    static RunningApp app;

    @BeforeAll
    static void seed(LocalAws aws) {
        aws.createTable(TABLE);
        List<Map<String, AttributeValue>> items = new ArrayList<>(LocalAws.numberedItems(ITEM_COUNT, 500));
        items.add(Map.of(ItemScanner.KEY, AttributeValue.fromS(HOSTILE_ID)));
        aws.putItems(TABLE, items);
        seededIds = items.stream().map(ItemScanner::itemId).collect(Collectors.toCollection(TreeSet::new));
        aws.putParameter(PARAMETER, TABLE);
        app = new RunningApp(aws.ssm(), aws.dynamoDb(), PARAMETER);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theSeededTableNeedsSeveralScanPages(LocalAws aws) {
        ScanResponse firstPage = aws.dynamoDb().scan(r -> r.tableName(TABLE));
        assertTrue(firstPage.hasLastEvaluatedKey() && !firstPage.lastEvaluatedKey().isEmpty(),
                "one Scan page must not hold the whole table, else paging is not exercised");
        assertTrue(firstPage.count() < seededIds.size());
    }

    @Test
    void jsonListsEveryItemAcrossAllPages() throws Exception {
        HttpResponse<String> response = app.get("/query?format=json&limit=10000");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(TABLE, body.get("table").asText());
        assertEquals(seededIds.size(), body.get("count").asInt());
        assertFalse(body.get("truncated").asBoolean());
        Set<String> ids = new TreeSet<>();
        body.get("items").forEach(item -> ids.add(item.get("itemID").asText()));
        assertEquals(seededIds, ids);
        JsonNode first = body.get("items").get(1);
        assertEquals("item-00000", first.get("itemID").asText(), "items come sorted by itemID ('<' sorts first)");
        assertEquals(0, first.get("rank").asInt());
        assertTrue(first.get("even").asBoolean());
        assertEquals(500, first.get("payload").asText().length());
    }

    @Test
    void acceptHeaderSelectsJson() throws Exception {
        HttpResponse<String> response = app.send(app.request("/query?q=item-0259").header("Accept", "application/json").GET().build());
        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(expectedIds("item-0259"), idsOf(body));
    }

    @Test
    void htmlFormPostListsEveryItem() {
        HttpResponse<String> response = app.postForm("/query", "querystring=&limit=10000");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        Set<String> ids = new TreeSet<>();
        Matcher cells = ITEM_CELL.matcher(response.body());
        while (cells.find()) {
            ids.add(cells.group(1));
        }
        Set<String> expected = new TreeSet<>(seededIds);
        expected.remove(HOSTILE_ID);
        expected.add("&lt;i&gt;evil &amp; &quot;co&quot;&lt;/i&gt;");
        assertEquals(expected, ids);
        assertFalse(response.body().contains(HOSTILE_ID), "item values must be HTML-escaped");
        assertTrue(response.body().contains("<span id=\"count\">" + seededIds.size() + "</span>"));
    }

    @Test
    void formFilterMatchesItemIdSubstring() {
        HttpResponse<String> response = app.postForm("/query", "querystring=item-0123");
        assertEquals(200, response.statusCode());
        Set<String> ids = new TreeSet<>();
        Matcher cells = ITEM_CELL.matcher(response.body());
        while (cells.find()) {
            ids.add(cells.group(1));
        }
        assertEquals(expectedIds("item-0123"), ids);
        assertEquals(10, ids.size());
    }

    @Test
    void getFilterWithJson() throws Exception {
        JsonNode body = JSON.readTree(app.get("/query?q=00042&format=json").body());
        assertEquals(Set.of("item-00042"), idsOf(body));
        assertEquals(1, body.get("count").asInt());
    }

    @Test
    void filterWithoutMatchesIsEmpty() throws Exception {
        JsonNode body = JSON.readTree(app.get("/query?q=no-such-item&format=json").body());
        assertEquals(0, body.get("count").asInt());
        assertTrue(app.get("/query?q=no-such-item").body().contains("No items."));
    }

    @Test
    void defaultLimitTruncatesAndSaysSo() throws Exception {
        JsonNode body = JSON.readTree(app.get("/query?format=json").body());
        assertEquals(WebApp.DEFAULT_LIMIT, body.get("count").asInt());
        assertTrue(body.get("truncated").asBoolean());
    }

    @Test
    void explicitLimitIsHonoured() throws Exception {
        JsonNode body = JSON.readTree(app.get("/query?format=json&limit=7").body());
        assertEquals(7, body.get("count").asInt());
        assertTrue(body.get("truncated").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "10001", "abc", "1.5", "99999999999"})
    void badLimitIs400(String limit) throws Exception {
        HttpResponse<String> response = app.send(app.request("/query?limit=" + limit)
                .header("Accept", "application/json").GET().build());
        assertEquals(400, response.statusCode());
        assertTrue(JSON.readTree(response.body()).get("error").asText().contains("limit"));
    }

    @Test
    void queryStringIsEscapedInThePage() {
        String body = app.get("/query?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").body();
        assertFalse(body.contains("<script>alert(1)"));
        assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void indexPageHasTheForm() {
        HttpResponse<String> response = app.get("/");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<form id=\"query-form\" method=\"post\" action=\"/query\">"));
        assertTrue(response.body().contains("name=\"querystring\""));
    }

    @Test
    void staticAssetsComeFromTheClasspathBehindAuth() {
        HttpResponse<String> css = app.get("/static/app.css");
        assertEquals(200, css.statusCode());
        assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElse(""));
        assertTrue(css.body().contains("border-collapse"));
        assertEquals(200, app.get("/static/app.js").statusCode());
        assertEquals(404, app.get("/static/App.java").statusCode());
    }

    @Test
    void pingIsOpenAndExact() {
        HttpResponse<String> response = app.send(java.net.http.HttpRequest.newBuilder(app.base.resolve("/ping")).build());
        assertEquals(200, response.statusCode());
        assertEquals("{\"message\":\"pong\"}", response.body());
    }

    @Test
    void wrongMethodIs405WithAllow() {
        HttpResponse<String> response = app.send(app.request("/").DELETE().build());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
    }

    private static Set<String> expectedIds(String substring) {
        return IntStream.range(0, ITEM_COUNT).mapToObj(i -> String.format("item-%05d", i))
                .filter(id -> id.contains(substring)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> idsOf(JsonNode body) {
        Set<String> ids = new TreeSet<>();
        body.get("items").forEach(item -> ids.add(item.get("itemID").asText()));
        return ids;
    }
}
