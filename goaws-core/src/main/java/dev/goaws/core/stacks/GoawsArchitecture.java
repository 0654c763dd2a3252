package dev.goaws.core.stacks;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.StackKind;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * Adds the architecture's stacks to a CDK app. The container stack needs an image; without one it is left out.
 * Every stack (its own props: stack tags are explicit with the recommended flags) and every taggable resource in
 * it carries the settings' tags ({@code goaws.tags}, the stage).
 */
public final class GoawsArchitecture {
    private GoawsArchitecture() {
    }

    public static Map<StackKind, Stack> addTo(Construct app, GoawsSettings settings) {
        Map<StackKind, Stack> stacks = new EnumMap<>(StackKind.class);
        stacks.put(StackKind.VPC, new VpcStack(app, settings));
        stacks.put(StackKind.TABLE, new TableStack(app, settings));
        if (settings.image() != null) {
            stacks.put(StackKind.CONTAINER, new ContainerStack(app, settings, settings.image()));
        }
        settings.resourceTags().forEach((key, value) -> stacks.values().forEach(s -> Tags.of(s).add(key, value)));
        return stacks;
    }
}
