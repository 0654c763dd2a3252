package dev.goaws.core.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.StackKind;
import dev.goaws.core.synth.NagCheck;
import dev.goaws.core.synth.Synthesizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * The tasks' security group has no inline rules and one ingress rule: from the load balancer's group, on
     * {@code port}; the load balancer's own group is open on port 80 only.
     */
    static void assertTasksAdmitOnlyTheLoadBalancer(JsonNode resources, int port) {
        String serviceGroup = null;
        String lbGroup = null;
        for (var it = resources.fields(); it.hasNext(); ) {
            var e = it.next();
            String type = e.getValue().path("Type").asText();
            if (type.equals("AWS::ECS::Service")) {
                JsonNode groups = e.getValue().path("Properties").path("NetworkConfiguration")
                        .path("AwsvpcConfiguration").path("SecurityGroups");
                assertEquals(1, groups.size(), groups.toString());
                serviceGroup = groups.path(0).path("Fn::GetAtt").path(0).asText();
            }
            if (type.equals("AWS::ElasticLoadBalancingV2::LoadBalancer")) {
                lbGroup = e.getValue().path("Properties").path("SecurityGroups").path(0).path("Fn::GetAtt").path(0)
                        .asText();
            }
        }
        assertTrue(serviceGroup != null && lbGroup != null && !serviceGroup.equals(lbGroup));
        assertTrue(resources.path(serviceGroup).path("Properties").path("SecurityGroupIngress").isMissingNode(),
                "the task security group has inline ingress rules");
        List<JsonNode> ingress = new ArrayList<>();
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals("AWS::EC2::SecurityGroupIngress")
                    && resource.path("Properties").path("GroupId").path("Fn::GetAtt").path(0).asText()
                    .equals(serviceGroup)) {
                ingress.add(resource.path("Properties"));
            }
        }
        assertEquals(1, ingress.size(), ingress.toString());
        JsonNode rule = ingress.get(0);
        assertEquals(lbGroup, rule.path("SourceSecurityGroupId").path("Fn::GetAtt").path(0).asText(), rule.toString());
        assertEquals(port, rule.path("FromPort").asInt());
        assertEquals(port, rule.path("ToPort").asInt());
        assertFalse(rule.has("CidrIp") || rule.has("CidrIpv6"), rule.toString());
        // The load balancer's own group is open to the internet on the HTTP listener port only.
        JsonNode lbIngress = resources.path(lbGroup).path("Properties").path("SecurityGroupIngress");
        assertEquals(1, lbIngress.size(), lbIngress.toString());
        assertEquals(80, lbIngress.path(0).path("FromPort").asInt());
        assertEquals(80, lbIngress.path(0).path("ToPort").asInt());
    }
}
