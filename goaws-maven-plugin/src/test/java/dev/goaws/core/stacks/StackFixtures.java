package dev.goaws.core.stacks;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.StackKind;
import dev.goaws.core.synth.NagCheck;
import dev.goaws.core.synth.Synthesizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The nag suppressions written into a template, as "logicalId rule-id" lines, sorted. */
    static java.util.SortedMap<String, String> nagSuppressions(Template template) {
        java.util.SortedMap<String, String> reasons = new java.util.TreeMap<>();
        com.fasterxml.jackson.databind.JsonNode resources = new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(template.toJSON()).path("Resources");
        resources.fields().forEachRemaining(resource -> resource.getValue().path("Metadata").path("cdk_nag")
                .path("rules_to_suppress").forEach(rule -> reasons.put(resource.getKey() + " " + rule.path("id")
                        .asText() + (rule.has("applies_to") ? " " + rule.path("applies_to") : ""),
                        rule.path("reason").asText())));
        return reasons;
    }

    static GoawsSettings.Builder defaults() {
        return GoawsSettings.builder().image(new ImageSource.Registry(IMAGE));
    }

    static Map<StackKind, Template> templates(GoawsSettings settings) {
        return synthesize(settings).templates();
    }

    static Synthesized synthesize(GoawsSettings settings) {
        App app = Synthesizer.newApp(null);
        Map<StackKind, Stack> stacks = GoawsArchitecture.addTo(app, settings);
        Synthesizer.checkWithNag(app, settings);
        // One synthesis for all stacks (Template.fromStack would synthesize the app again for each).
        CloudAssembly assembly;
        try {
            assembly = app.synth();
        } catch (RuntimeException e) {
            // aws-cdk-lib fails on cdk-nag's error annotations and only names its report: show the findings.
            Matcher report = Pattern.compile("found in: (\\S+validation-report\\.json)").matcher(e.getMessage());
            if (report.find()) {
                try {
                    throw new AssertionError(NagCheck.describe(NagCheck.fromValidationReport(Path.of(report.group(1)))), e);
                } catch (IOException unreadable) {
                    e.addSuppressed(unreadable);
                }
            }
            throw e;
        }
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
