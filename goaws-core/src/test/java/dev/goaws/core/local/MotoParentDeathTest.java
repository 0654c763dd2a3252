package dev.goaws.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * moto stops when the JVM that started it is killed with {@code kill -9}: a real parent JVM that reads moto's
 * output, as goaws:up's Maven does, is killed, and moto must exit (it once lived on: its "stopping" line to the
 * dead parent's pipe raised BrokenPipeError in the thread that was about to stop the server).
 */
@Tag(Moto.TAG)
class MotoParentDeathTest {
    private static final Path LAUNCHER = Path.of("src/main/resources/dev/goaws/local/goaws_moto.py");

    @TempDir
    Path dir;

    @Test
    void motoExitsWhenItsParentJvmIsKilled() throws Exception {
        // The parent: starts the launcher, says its pid, then relays its output (so its stdout is our pipe).
        Path source = Files.writeString(dir.resolve("Parent.java"), """
                public class Parent {
                    public static void main(String[] args) throws Exception {
                        Process moto = new ProcessBuilder("python3", args[0], "--host", "127.0.0.1", "--port", "0",
                                "--exit-with-parent").redirectErrorStream(true).start();
                        System.out.println("moto pid " + moto.pid());
                        var in = new java.io.BufferedReader(new java.io.InputStreamReader(moto.getInputStream()));
                        for (String line; (line = in.readLine()) != null; ) {
                            System.out.println(line);
                        }
                    }
                }
                """);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
                source.toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(java, "-cp", dir.toString(), "Parent", LAUNCHER.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        ProcessHandle moto = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("moto pid "), String.valueOf(first));
            moto = ProcessHandle.of(Long.parseLong(first.substring("moto pid ".length()))).orElseThrow();
            String line = out.readLine();
            while (line == null || !line.startsWith("goaws-moto ready")) {
                assertTrue(line != null, "moto did not start");
                line = out.readLine();
            }

            parent.destroyForcibly(); // kill -9
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS));
            assertTrue(moto.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).get() != null,
                    "moto still runs 30 s after its parent was killed");
        } finally {
            parent.destroyForcibly();
            if (moto != null) {
                moto.destroyForcibly();
            }
        }
    }
}
