package dev.goaws.core.synth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.stacks.GoawsArchitecture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;

/**
 * Builds the CDK app from {@link GoawsSettings} in this JVM and synthesizes it into a directory. No AWS
 * credentials, no network and no {@code CDK_DEFAULT_*} variables are needed: the stacks are environment-agnostic
 * and import each other through deploy-time SSM parameters.
 */
public final class Synthesizer {
    /** The feature flags {@code cdk init} writes into a new project's cdk.json for aws-cdk-lib 2.263.0. */
    static final String FEATURE_FLAGS = "/dev/goaws/core/recommended-feature-flags.json";

    private final Map<String, String> environment;

    public Synthesizer(Map<String, String> environment) {
        this.environment = environment;
    }

    public Assembly synthesize(GoawsSettings settings, Path outdir) throws SynthesisException {
        NodeRuntime.require(environment);
        clean(outdir);
        App app = App.Builder.create()
                .outdir(outdir.toString())
                // An in-process App reads no cdk.json: give it the flags a new CDK project starts with.
                .context(featureFlags())
                .build();
        GoawsArchitecture.addTo(app, settings);
        try {
            app.synth();
        } catch (RuntimeException e) {
            throw new SynthesisException("CDK synthesis failed: " + e.getMessage(), e);
        }
        return Assembly.load(outdir);
    }

    /** The recommended feature flags of the aws-cdk-lib version goaws is built with. */
    public static Map<String, Object> featureFlags() {
        try (InputStream in = Synthesizer.class.getResourceAsStream(FEATURE_FLAGS)) {
            return new HashMap<>(new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("goaws is missing its resource " + FEATURE_FLAGS, e);
        }
    }

    /** Stale templates of a previous run must not be deployed: start from an empty directory. */
    private static void clean(Path outdir) throws SynthesisException {
        try {
            if (Files.exists(outdir)) {
                try (Stream<Path> paths = Files.walk(outdir)) {
                    for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(outdir);
        } catch (IOException e) {
            throw new SynthesisException("Cannot prepare the output directory " + outdir + ": " + e.getMessage(), e);
        }
    }
}
