package example;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The service: answers every request with "ok" on the address and port the task is given. Plain sockets: the
 * offline JRE base image is jlinked with java.base and a few modules, not jdk.httpserver.
 */
public final class App {
    public static void main(String[] args) throws Exception {
        String host = System.getenv().getOrDefault("GOAWS_BIND_ADDRESS", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName(host));
        System.out.println("serving on " + host + ":" + port);
        while (true) {
            Socket client = server.accept();
            new Thread(() -> answer(client)).start();
        }
    }

    private static void answer(Socket client) {
        try (client; BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // the request line and headers: every path gets the same answer
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (Exception e) {
            System.out.println("request failed: " + e);
        }
    }
}
