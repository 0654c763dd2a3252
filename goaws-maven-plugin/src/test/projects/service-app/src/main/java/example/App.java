package example;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * A team's service as goaws runs it: answers every request with the names of its environment variables and a
 * SHA-256 of each secret (never a secret itself). At start it prints its database password, as a careless app
 * might: the local cloud must mask it in the task log. Plain sockets: the offline JRE base image has no
 * jdk.httpserver.
 */
public final class App {
    static final String[] SECRETS = {"DB_PASSWORD", "API_TOKEN"};

    public static void main(String[] args) throws Exception {
        String host = System.getenv().getOrDefault("GOAWS_BIND_ADDRESS", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName(host));
        System.out.println("connecting with password " + System.getenv("DB_PASSWORD"));
        System.out.println("service-app serving on " + host + ":" + port);
        while (true) {
            Socket client = server.accept();
            new Thread(() -> answer(client)).start();
        }
    }

    static String body() throws Exception {
        StringBuilder json = new StringBuilder("{\"variables\":[");
        String separator = "";
        for (String name : new TreeMap<>(System.getenv()).keySet()) {
            json.append(separator).append('"').append(name).append('"');
            separator = ",";
        }
        json.append("],\"secretSha256\":{");
        separator = "";
        for (String name : SECRETS) {
            String value = System.getenv(name);
            json.append(separator).append('"').append(name).append("\":")
                    .append(value == null ? "null" : "\"" + sha256(value) + "\"");
            separator = ",";
        }
        json.append("},\"LOG_LEVEL\":\"").append(System.getenv("LOG_LEVEL")).append("\",\"FEATURE_FLAGS\":\"")
                .append(System.getenv("FEATURE_FLAGS")).append("\"}");
        return json.toString();
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void answer(Socket client) {
        try (client; BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // the request line and headers: every path gets the same answer
            }
            byte[] body = body().getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (Exception e) {
            System.out.println("request failed: " + e);
        }
    }
}
