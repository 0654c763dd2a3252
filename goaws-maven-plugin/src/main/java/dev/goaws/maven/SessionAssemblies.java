package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.synth.Assembly;
import dev.goaws.core.synth.SynthesisException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;

/**
 * Synthesis results of the running Maven session: {@code mvn goaws:deploy-vpc goaws:deploy-table} synthesizes
 * once. Keyed weakly by the session's request, so nothing outlives the build in a long-lived JVM.
 */
final class SessionAssemblies {
    interface Synthesis {
        Assembly run() throws SynthesisException;
    }

    private record Key(GoawsSettings settings, Path directory) {
    }

    private static final Map<MavenExecutionRequest, Map<Key, Assembly>> BY_SESSION = new WeakHashMap<>();

    private SessionAssemblies() {
    }

    static synchronized Assembly get(MavenSession session, GoawsSettings settings, Path directory,
            Synthesis synthesis) throws SynthesisException {
        Map<Key, Assembly> assemblies = BY_SESSION.computeIfAbsent(session.getRequest(), r -> new HashMap<>());
        Key key = new Key(settings, directory);
        Assembly assembly = assemblies.get(key);
        if (assembly == null) {
            // One directory holds one assembly: a different configuration for it replaces the old one.
            assemblies.keySet().removeIf(k -> k.directory().equals(directory));
            assembly = synthesis.run();
            assemblies.put(key, assembly);
        }
        return assembly;
    }
}
