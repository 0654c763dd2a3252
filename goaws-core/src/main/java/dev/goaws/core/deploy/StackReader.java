package dev.goaws.core.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.StackKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Reads what is deployed: stacks from CloudFormation, published values from SSM. Changes nothing. */
public final class StackReader {
    private final GoawsSettings settings;
    private final AwsTarget.AwsSession aws;

    public StackReader(GoawsSettings settings, AwsTarget.AwsSession aws) {
        this.settings = settings;
        this.aws = aws;
    }

    /**
     * Checks that the stacks a deploy of {@code kinds} relies on are there: the vpc and table stacks' SSM
     * parameters for the container stack, unless they are deployed in the same run.
     */
    public void requirePrerequisites(List<StackKind> kinds) throws DeployException {
        if (!kinds.contains(StackKind.CONTAINER)) {
            return;
        }
        Map<String, StackKind> needed = new LinkedHashMap<>();
        if (!kinds.contains(StackKind.VPC)) {
            publishedParameters(StackKind.VPC).forEach(name -> needed.put(name, StackKind.VPC));
        }
        if (!kinds.contains(StackKind.TABLE)) {
            publishedParameters(StackKind.TABLE).forEach(name -> needed.put(name, StackKind.TABLE));
        }
        Map<String, String> found = parameters(List.copyOf(needed.keySet()));
        for (var entry : needed.entrySet()) {
            if (!found.containsKey(entry.getKey())) {
                StackKind missing = entry.getValue();
                throw new DeployException("The container stack imports the " + missing.id() + " stack's SSM"
                        + " parameter " + entry.getKey() + ", which does not exist in " + aws.environment()
                        + ". Run 'mvn goaws:deploy-" + missing.id() + "' first (or 'mvn goaws:deploy' for all"
                        + " three in order).");
            }
        }
    }

    /** Deployed or not, status, last update, outputs and the SSM parameters each stack published. */
    public List<StackStatus> status() {
        List<StackStatus> result = new ArrayList<>();
        List<String> published = new ArrayList<>();
        for (StackKind kind : StackKind.values()) {
            published.addAll(publishedParameters(kind));
        }
        Map<String, String> values = parameters(published);
        for (StackKind kind : StackKind.values()) {
            String name = settings.stackName(kind);
            Map<String, String> parameters = new TreeMap<>();
            for (String parameter : publishedParameters(kind)) {
                if (values.containsKey(parameter)) {
                    parameters.put(parameter, values.get(parameter));
                }
            }
            result.add(describe(name).map(s -> new StackStatus(kind, name, s.stackStatusAsString(),
                            lastUpdate(s), s.outputs().stream().collect(Collectors.toMap(o -> o.outputKey(),
                                    o -> o.outputValue(), (a, b) -> a, TreeMap::new)), parameters))
                    .orElse(new StackStatus(kind, name, null, null, Map.of(), parameters)));
        }
        return result;
    }

    private static Instant lastUpdate(Stack s) {
        return s.lastUpdatedTime() != null ? s.lastUpdatedTime() : s.creationTime();
    }

    /** The SSM parameters a stack publishes for the others and for the app. */
    public List<String> publishedParameters(StackKind kind) {
        return switch (kind) {
            case VPC -> List.of(settings.vpcIdParameter(), settings.vpcAzsParameter(),
                    settings.vpcPublicSubnetsParameter(), settings.vpcPrivateSubnetsParameter());
            case TABLE -> List.of(settings.tableParameter());
            case CONTAINER -> List.of();
        };
    }

    /** The values of those of {@code names} that exist, in one call per ten names (SSM's limit). */
    public Map<String, String> parameters(List<String> names) {
        Map<String, String> values = new TreeMap<>();
        try (SsmClient ssm = aws.ssm()) {
            for (int i = 0; i < names.size(); i += 10) {
                List<String> batch = names.subList(i, Math.min(names.size(), i + 10));
                ssm.getParameters(b -> b.names(batch)).parameters().forEach(p -> values.put(p.name(), p.value()));
            }
        }
        return values;
    }

    public Optional<String> parameter(String name) {
        try (SsmClient ssm = aws.ssm()) {
            return Optional.of(ssm.getParameter(b -> b.name(name)).parameter().value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The template CloudFormation holds for a deployed stack (as deployed, before parameters are resolved): the
     * "before" of a cost comparison. Empty when the stack does not exist.
     */
    public Optional<JsonNode> deployedTemplate(String stackName) {
        if (describe(stackName).isEmpty()) {
            return Optional.empty();
        }
        try (CloudFormationClient cfn = aws.cloudFormation()) {
            String body = cfn.getTemplate(b -> b.stackName(stackName).templateStage(TemplateStage.ORIGINAL))
                    .templateBody();
            return Optional.of(new ObjectMapper().readTree(body));
        } catch (JsonProcessingException e) {
            // goaws deploys JSON; a stack replaced by hand with a YAML template is not compared.
            return Optional.empty();
        }
    }

    /** The stack, unless it does not exist (or only as a deleted one). */
    public Optional<Stack> describe(String name) {
        try (CloudFormationClient cfn = aws.cloudFormation()) {
            return cfn.describeStacks(b -> b.stackName(name)).stacks().stream()
                    .filter(s -> !"DELETE_COMPLETE".equals(s.stackStatusAsString()))
                    .findFirst();
        } catch (CloudFormationException e) {
            if (e.awsErrorDetails() != null && String.valueOf(e.awsErrorDetails().errorMessage())
                    .contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
