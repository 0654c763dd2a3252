package dev.goaws.core.stacks;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.StackKind;
import dev.goaws.core.synth.Synthesizer;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Synthesizes the architecture for a settings object, the way the plugin does, for template assertions. */
final class StackFixtures {
    static final String IMAGE = "public.ecr.aws/docker/library/amazoncorretto:17";

    private StackFixtures() {
    }

    static GoawsSettings.Builder defaults() {
        return GoawsSettings.builder().image(new ImageSource.Registry(IMAGE));
    }

    static Map<StackKind, Template> templates(GoawsSettings settings) {
        App app = App.Builder.create().context(Synthesizer.featureFlags()).build();
        Map<StackKind, Stack> stacks = GoawsArchitecture.addTo(app, settings);
        Map<StackKind, Template> templates = new java.util.EnumMap<>(StackKind.class);
        stacks.forEach((kind, stack) -> templates.put(kind, Template.fromStack(stack)));
        return templates;
    }
}
