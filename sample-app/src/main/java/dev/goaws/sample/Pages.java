package dev.goaws.sample;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** HTML pages from Mustache templates in the jar; {@code {{value}}} is HTML-escaped by Mustache. */
final class Pages {

    private final Mustache index;
    private final Mustache result;
    private final Mustache error;

    Pages() {
        DefaultMustacheFactory factory = new DefaultMustacheFactory("templates");
        index = factory.compile("index.mustache");
        result = factory.compile("result.mustache");
        error = factory.compile("error.mustache");
    }

    String index() {
        return render(index, Map.of());
    }

    String result(ItemScanner.Result scan, String query, int limit) {
        List<String> ids = scan.items().stream().map(ItemScanner::itemId).toList();
        return render(result, Map.of(
                "table", scan.table(),
                "query", query == null ? "" : query,
                "count", ids.size(),
                "limit", limit,
                "truncated", scan.truncated(),
                "itemIDs", ids,
                "empty", ids.isEmpty()));
    }

    String error(int status, String message) {
        return render(error, Map.of("status", status, "message", message));
    }

    private static String render(Mustache template, Map<String, Object> scope) {
        StringWriter out = new StringWriter();
        template.execute(out, scope);
        return out.toString();
    }
}
