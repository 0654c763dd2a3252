package dev.goaws.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.synth.Assembly;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.junit.jupiter.api.Test;

/** One synthesis per Maven session and configuration, as {@code mvn goaws:deploy-vpc goaws:deploy-table} needs. */
class SessionAssembliesTest {
    private final AtomicInteger syntheses = new AtomicInteger();

    @SuppressWarnings("deprecation") // the constructor Maven's own tests use; no container needed here
    private static MavenSession session() {
        return new MavenSession(null, null, new DefaultMavenExecutionRequest(), new DefaultMavenExecutionResult());
    }

    private Assembly synthesize(Path directory) {
        syntheses.incrementAndGet();
        return new Assembly(directory, Set.of("goaws-vpc"), null, null, 0);
    }

    @Test
    void theSameConfigurationIsSynthesizedOncePerSession() throws Exception {
        MavenSession session = session();
        GoawsSettings settings = GoawsSettings.builder().build();
        Path dir = Path.of("target", "cdk.out");
        Assembly first = SessionAssemblies.get(session, settings, dir, () -> synthesize(dir));
        Assembly second = SessionAssemblies.get(session, GoawsSettings.builder().build(), dir, () -> synthesize(dir));
        assertSame(first, second);
        assertEquals(1, syntheses.get());

        SessionAssemblies.get(session(), settings, dir, () -> synthesize(dir));
        assertEquals(2, syntheses.get(), "another session synthesizes again");
    }

    @Test
    void anotherConfigurationForTheSameDirectoryReplacesTheAssembly() throws Exception {
        MavenSession session = session();
        Path dir = Path.of("target", "cdk.out");
        GoawsSettings one = GoawsSettings.builder().build();
        GoawsSettings two = GoawsSettings.builder().desiredCount(2).build();
        SessionAssemblies.get(session, one, dir, () -> synthesize(dir));
        SessionAssemblies.get(session, two, dir, () -> synthesize(dir));
        assertEquals(2, syntheses.get());
        SessionAssemblies.get(session, one, dir, () -> synthesize(dir));
        assertEquals(3, syntheses.get(), "the directory now holds the other configuration: synthesize again");
        SessionAssemblies.get(session, one, Path.of("target", "destroy.out"), () -> synthesize(dir));
        assertEquals(4, syntheses.get(), "another directory is another assembly");
    }
}
