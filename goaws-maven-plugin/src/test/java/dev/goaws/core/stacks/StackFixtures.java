package dev.goaws.core.stacks;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.StackKind;
import dev.goaws.core.synth.NagCheck;
import dev.goaws.core.synth.Synthesizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * Synthesizes the architecture for a settings object, the way the plugin does (feature flags, and cdk-nag's
 * AwsSolutions checks unless the settings turn them off), for template assertions.
 */
final class StackFixtures {
    static final String IMAGE = "public.ecr.aws/docker/library/amazoncorretto:17";

    private StackFixtures() {
    }

    /** The templates of one synthesis, and the assembly (with cdk-nag's findings unless it was off). */
    record Synthesized(Map<StackKind, Template> templates, CloudAssembly assembly) {
        List<NagCheck.Finding> nagErrors() {
            return NagCheck.errors(assembly);
        }

        List<NagCheck.Finding> nagWarnings() {
            return NagCheck.warnings(assembly);
        }

        Template get(StackKind kind) {
            return templates.get(kind);
        }
    }

    static GoawsSettings.Builder defaults() {
        return GoawsSettings.builder().image(new ImageSource.Registry(IMAGE));
    }

    static Map<StackKind, Template> templates(GoawsSettings settings) {
        return synthesize(settings).templates();
    }

    static Synthesized synthesize(GoawsSettings settings) {
        App app = App.Builder.create().context(Synthesizer.featureFlags()).build();
        Map<StackKind, Stack> stacks = GoawsArchitecture.addTo(app, settings);
        if (settings.nag()) {
            NagCheck.attachTo(app);
        }
        // One synthesis for all stacks (Template.fromStack would synthesize the app again for each).
        CloudAssembly assembly = app.synth();
        Map<StackKind, Template> templates = new EnumMap<>(StackKind.class);
        stacks.forEach((kind, stack) -> templates.put(kind,
                Template.fromJSON(templateOf(assembly, stack.getStackName()))));
        return new Synthesized(templates, assembly);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> templateOf(CloudAssembly assembly, String stackName) {
        return (Map<String, Object>) assembly.getStackByName(stackName).getTemplate();
    }
}
