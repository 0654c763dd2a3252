package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/** Small real apps for the local service's tests: a runnable jar compiled here from a main method's body. */
final class TaskApps {
    private TaskApps() {
    }

    /** {@code dir/app.jar}, whose main method is {@code body} (it may throw Exception). */
    static Path jar(Path dir, String body) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path source = Files.writeString(src.resolve("Main.java"),
                "public class Main { public static void main(String[] a) throws Exception { " + body + " } }");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.toString(),
                source.toString()));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Path cls : Files.list(src).filter(p -> p.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(cls.getFileName().toString()));
                out.write(Files.readAllBytes(cls));
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * An app that answers 200 on every path at {@code PORT} — unless a file {@code broken} is in its working
     * directory (it then exits with code 3 at once, as a broken build would) or a file {@code silent} (it then
     * runs without listening, as an app stuck in its start-up would).
     */
    static Path controllable(Path dir) throws Exception {
        return jar(dir, "if (java.nio.file.Files.exists(java.nio.file.Path.of(\"broken\"))) {"
                + " System.out.println(\"broken build: exiting\"); System.exit(3); }"
                + " if (java.nio.file.Files.exists(java.nio.file.Path.of(\"silent\"))) {"
                + " System.out.println(\"stuck before listening\"); Thread.sleep(600_000); }"
                + " var s = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(\"127.0.0.1\","
                + " Integer.parseInt(System.getenv(\"PORT\"))), 0);"
                + " s.createContext(\"/\", x -> { x.sendResponseHeaders(200, -1); x.close(); }); s.start();"
                + " System.out.println(\"serving, pid \" + ProcessHandle.current().pid());");
    }
}
