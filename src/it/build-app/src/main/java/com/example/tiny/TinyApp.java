package com.example.tiny;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** Serves GET /ping on $PORT; uses a dependency (jackson-core) so a missing lib/ jar would show. */
public final class TinyApp {
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--help")) {
            System.out.println("usage: PORT=8080 java -jar tiny-app.jar (GET /ping)");
            return;
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String bind = System.getenv().getOrDefault("BIND", "0.0.0.0");
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/ping", exchange -> {
            byte[] body = pong();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("tiny-app listening on " + port);
    }

    private static byte[] pong() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("message", "pong");
            json.writeEndObject();
        }
        return out.toByteArray();
    }
}
