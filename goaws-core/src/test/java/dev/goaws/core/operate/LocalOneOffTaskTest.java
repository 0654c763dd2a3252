package dev.goaws.core.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM mode's reading of a command written for the image. */
class LocalOneOffTaskTest {

    @Test
    void javaIsThisJdkAndAppPathsAreBuildAppsContext() {
        Path app = Path.of("/work/project/target/goaws/dist/app");
        assertEquals(List.of("/jdk/bin/java", "-cp", "/work/project/target/goaws/dist/app/app.jar:"
                        + "/work/project/target/goaws/dist/app/lib/*", "com.acme.Migrate", "/application"),
                LocalOneOffTask.hostCommand(List.of("java", "-cp", "/app/app.jar:/app/lib/*", "com.acme.Migrate",
                        "/application"), "/jdk/bin/java", app));
        assertEquals(List.of("sh", "-c", "java -cp /app/app.jar Main"),
                LocalOneOffTask.hostCommand(List.of("sh", "-c", "java -cp /app/app.jar Main"), "/jdk/bin/java", app),
                "a shell string is left to the shell");
        assertEquals(List.of("/jdk/bin/java", "-cp", "/app/app.jar", "Main"),
                LocalOneOffTask.hostCommand(List.of("java", "-cp", "/app/app.jar", "Main"), "/jdk/bin/java", null),
                "without build-app's context the paths stay");
    }
}
