package dev.goaws.core.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1, where everything the local cloud starts listens (never on the network). */
public final class Loopback {
    public static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    /** A port that is free right now (whoever binds it does so a moment later). */
    public static int freePort() throws EngineException {
        try (ServerSocket socket = bind(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EngineException("No free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket ignored = bind(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with the parameter to change when {@code port} is in use. */
    public static void requireFree(int port, String parameter) throws EngineException {
        if (!isFree(port)) {
            throw new EngineException("Port " + port + " on " + HOST + " is taken: set -D" + parameter
                    + "=<another port>, or stop what listens there.");
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        return new ServerSocket(port, 1, InetAddress.getByName(HOST));
    }
}
