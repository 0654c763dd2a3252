package dev.goaws.core.synth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.FileTrees;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.stacks.GoawsArchitecture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;

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

    /**
     * Synthesizes the architecture into {@code outdir}. Unless {@link GoawsSettings#nag()} is off, cdk-nag's
     * AwsSolutions rules check every resource, and any unsuppressed error-level finding fails the synthesis
     * (the assembly is then deleted, so no later goal can deploy it).
     */
    public Assembly synthesize(GoawsSettings settings, Path outdir) throws SynthesisException {
        return synthesize(settings, outdir, app -> { });
    }

    /** As {@link #synthesize(GoawsSettings, Path)}, with {@code extra} adding constructs (for tests). */
    Assembly synthesize(GoawsSettings settings, Path outdir, Consumer<App> extra) throws SynthesisException {
        return synthesize(outdir, settings.nag(), app -> {
            GoawsArchitecture.addTo(app, settings);
            extra.accept(app);
        });
    }

    /**
     * Synthesizes the stacks {@code stacks} adds to an empty app (e.g. the CI stack, which is not part of the
     * architecture) into {@code outdir}, checked by cdk-nag unless {@code nag} is false, as the architecture is.
     */
    public Assembly synthesize(Path outdir, boolean nag, Consumer<App> stacks) throws SynthesisException {
        NodeRuntime.require(environment);
        clean(outdir);
        App app = newApp(outdir);
        stacks.accept(app);
        if (nag) {
            NagCheck.attachTo(app);
        }
        CloudAssembly cloudAssembly;
        try {
            cloudAssembly = app.synth();
        } catch (RuntimeException e) {
            // aws-cdk-lib fails the synthesis on error annotations (cdk-nag's findings among them) and writes a
            // report next to the assembly; its exception only points at the file. Read it into the message.
            Path report = outdir.resolve("validation-report.json");
            List<NagCheck.Finding> violations = List.of();
            try {
                if (Files.isRegularFile(report)) {
                    violations = NagCheck.fromValidationReport(report);
                }
            } catch (IOException unreadable) {
                e.addSuppressed(unreadable);
            }
            clean(outdir);
            throw new SynthesisException(violations.isEmpty() ? "CDK synthesis failed: " + e.getMessage()
                    : NagCheck.describe(violations), e);
        }
        if (nag) {
            // Only reached when the CDK's validation is off (CDK_VALIDATION=false): check the annotations here.
            List<NagCheck.Finding> errors = NagCheck.errors(cloudAssembly);
            if (!errors.isEmpty()) {
                clean(outdir);
                throw new SynthesisException(NagCheck.describe(errors));
            }
        }
        return Assembly.load(outdir);
    }

    /**
     * An empty app as goaws synthesizes it: an in-process App reads no cdk.json, so it gets the flags a new CDK
     * project starts with. {@code outdir} null: a temporary directory (tests).
     */
    public static App newApp(Path outdir) {
        App.Builder app = App.Builder.create().context(featureFlags());
        if (outdir != null) {
            app.outdir(outdir.toString());
        }
        return app.build();
    }

    /** cdk-nag's AwsSolutions rules on every stack of {@code app}, unless the settings turn them off. */
    public static void checkWithNag(App app, GoawsSettings settings) {
        if (settings.nag()) {
            NagCheck.attachTo(app);
        }
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
            FileTrees.deleteRecursively(outdir);
            Files.createDirectories(outdir);
        } catch (IOException e) {
            throw new SynthesisException("Cannot prepare the output directory " + outdir + ": " + e.getMessage(), e);
        }
    }
}
