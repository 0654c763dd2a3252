package dev.goaws.core.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A synthesized cloud assembly on disk (what {@code cdk deploy --app <dir>} reads), known to be deployable: its
 * manifest asks for no context lookup, so no placeholder value can reach AWS.
 */
public record Assembly(Path directory, Set<String> stackNames, String minimumCliVersion,
        String bootstrapVersionParameter, int requiredBootstrapVersion) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code manifest.json} of {@code directory}; refuses an assembly with missing context. */
    public static Assembly load(Path directory) throws SynthesisException {
        Path manifestFile = directory.resolve("manifest.json");
        JsonNode manifest;
        try {
            manifest = JSON.readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new SynthesisException("Cannot read the cloud assembly manifest " + manifestFile + ": "
                    + e.getMessage(), e);
        }
        List<String> lookups = new ArrayList<>();
        manifest.path("missing").forEach(missing -> lookups.add(missing.path("provider").asText()
                + " (context key " + missing.path("key").asText() + ")"));
        if (!lookups.isEmpty()) {
            // cdk deploy --app <dir> cannot re-run an in-process app to fill these: it would deploy placeholders.
            throw new SynthesisException("The synthesized stacks need context lookups that an in-process synthesis"
                    + " cannot resolve: " + String.join(", ", lookups) + ". Refusing to deploy placeholder values;"
                    + " remove the lookup (e.g. Vpc.fromLookup) or pass the value explicitly.");
        }
        Set<String> stacks = new LinkedHashSet<>();
        String bootstrapParameter = null;
        int bootstrapVersion = 0;
        for (var it = manifest.path("artifacts").fields(); it.hasNext(); ) {
            var artifact = it.next();
            JsonNode properties = artifact.getValue().path("properties");
            if ("aws:cloudformation:stack".equals(artifact.getValue().path("type").asText())) {
                stacks.add(artifact.getKey());
            }
            // The bootstrap stack version the deploy role and asset publishing need, and where it is recorded.
            if (properties.has("bootstrapStackVersionSsmParameter")) {
                bootstrapParameter = properties.path("bootstrapStackVersionSsmParameter").asText();
                bootstrapVersion = Math.max(bootstrapVersion, properties.path("requiresBootstrapStackVersion").asInt());
            }
        }
        String minimumCli = manifest.path("minimumCliVersion").asText(null);
        return new Assembly(directory, Set.copyOf(stacks), minimumCli, bootstrapParameter, bootstrapVersion);
    }

    public boolean contains(String stackName) {
        return stackNames.contains(stackName);
    }

    public Path template(String stackName) {
        return directory.resolve(stackName + ".template.json");
    }

    /** True when {@code directory} holds a manifest at all (used for up-to-date checks). */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve("manifest.json"));
    }
}
