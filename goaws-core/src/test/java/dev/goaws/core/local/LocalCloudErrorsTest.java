package dev.goaws.core.local;

import dev.goaws.core.engine.Loopback;
import dev.goaws.core.engine.EngineException;
import dev.goaws.core.InvalidSettingException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cloud's failures say what to do: no moto, a taken port, an app that will not start. */
class LocalCloudErrorsTest {

    @Test
    @Tag("moto")
    void aPythonWithoutMotoSaysHowToInstallIt(@TempDir Path dir) throws Exception {
        // A real Python without moto: a fresh virtual environment.
        Process venv = new ProcessBuilder("python3", "-m", "venv", "--without-pip", dir.resolve("venv").toString())
                .inheritIO().start();
        assertEquals(0, venv.waitFor());
        LocalAwsException e = assertThrows(LocalAwsException.class, () -> MotoServer.start(
                dir.resolve("venv/bin/python3").toString(), 0, dir, line -> { }, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().startsWith("moto is not installed for this Python: pip install"
                + " \"moto[server]==5.2.1\"."), e.getMessage());
    }

    @Test
    void noPythonAtAllIsNamed(@TempDir Path dir) {
        LocalAwsException e = assertThrows(LocalAwsException.class, () -> MotoServer.start(
                dir.resolve("no-python").toString(), 0, dir, line -> { }, Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("The local cloud needs Python 3 with moto 5"), e.getMessage());
    }

    @Test
    @Tag("moto")
    void aTakenPortIsReportedWithTheParameterToChange(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EngineException app = assertThrows(EngineException.class,
                    () -> Loopback.requireFree(taken.getLocalPort(), "goaws.localPort"));
            assertEquals("Port " + taken.getLocalPort() + " on 127.0.0.1 is taken: set -Dgoaws.localPort=<another"
                    + " port>, or stop what listens there.", app.getMessage());
            LocalAwsException moto = assertThrows(LocalAwsException.class, () -> MotoServer.start("python3",
                    taken.getLocalPort(), dir, line -> { }, Duration.ofSeconds(60)));
            assertTrue(moto.getMessage().startsWith("Port " + taken.getLocalPort() + " on 127.0.0.1 is taken"),
                    moto.getMessage());
        }
    }

    @Test
    void anAppThatExitsShowsItsLastLines(@TempDir Path dir) throws Exception {
        Path jar = TaskApps.jar(dir, "System.out.println(\"Refusing to start: GOAWS_USERNAME is not set\"); System.exit(2);");
        LocalAwsException e = assertThrows(LocalAwsException.class, () -> LocalApp.start(jar,
                Loopback.freePort(), Map.of(), line -> { }, Duration.ofSeconds(60)));
        assertTrue(e.getMessage().startsWith("The app exited (code 2) before it answered. Its last lines:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Refusing to start: GOAWS_USERNAME is not set"), e.getMessage());
    }

    @Test
    void aMissingJarSaysToPackageTheApp(@TempDir Path dir) {
        LocalAwsException e = assertThrows(LocalAwsException.class, () -> LocalApp.start(dir.resolve("app.jar"),
                8080, Map.of(), line -> { }, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("run 'mvn package' for the app first"), e.getMessage());
    }



    @Test
    void theRuntimeSettingIsCheckedByName() {
        assertEquals(LocalCloud.Runtime.AUTO, LocalCloud.Runtime.parse(null));
        assertEquals(LocalCloud.Runtime.AUTO, LocalCloud.Runtime.parse(" "));
        assertEquals(LocalCloud.Runtime.CONTAINER, LocalCloud.Runtime.parse(" Container "));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> LocalCloud.Runtime.parse("docker"));
        assertEquals("goaws.localRuntime", e.setting());
        assertTrue(e.getMessage().contains("Allowed: auto, container, jvm"), e.getMessage());
    }
}
