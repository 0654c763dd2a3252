package dev.goaws.core.deploy;

import dev.goaws.core.engine.ContainerSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The app's task as the emulator holds it after the deploy, read back through the ECS, ELBv2 and Secrets
 * Manager APIs, not re-derived from the settings: what runs locally is what was deployed.
 *
 * @param secrets     the container's secrets, resolved (never logged)
 * @param serviceName the ECS service's name, as its events say it
 */
public record DeployedTask(String taskDefinition, String image, List<String> entryPoint, List<String> command,
        Map<String, String> environment, Map<String, String> secrets, String user, int containerPort, int cpuUnits,
        int memoryMiB, int desiredCount, TargetHealthCheck healthCheck, String serviceName) implements ContainerSpec {

    /** The target group's health check: what the local load balancer does before it forwards to a task. */
    public record TargetHealthCheck(String path, String matcher, Duration interval, Duration timeout,
            int healthyThreshold, int unhealthyThreshold) {

        /** ALB matcher syntax: codes and ranges, e.g. {@code 200,401} or {@code 200-299}. */
        public boolean matches(int status) {
            for (String part : matcher.split(",")) {
                String[] range = part.trim().split("-");
                int low = Integer.parseInt(range[0].trim());
                int high = range.length > 1 ? Integer.parseInt(range[1].trim()) : low;
                if (status >= low && status <= high) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public String toString() {
        return "DeployedTask[" + taskDefinition + ", " + image + ", secrets " + secrets.keySet() + "]";
    }

    /** The same task with another image: what a rollout of a rebuilt app runs (goaws:up -Dgoaws.watch=true). */
    public DeployedTask withImage(String newImage) {
        return new DeployedTask(taskDefinition, newImage, entryPoint, command, environment, secrets, user,
                containerPort, cpuUnits, memoryMiB, desiredCount, healthCheck, serviceName);
    }

    /** CPU limit as the container engine takes it: Fargate's CPU units / 1024. */
    @Override
    public String cpus() {
        return ContainerSpec.cpusOf(cpuUnits);
    }

    /** Reads the service of {@code stackName} (its one ECS service and target group) from the emulator. */
    public static DeployedTask read(AwsTarget.AwsSession aws, String stackName) throws DeployException {
        try (CloudFormationClient cfn = aws.cloudFormation(); EcsClient ecs = aws.ecs();
                ElasticLoadBalancingV2Client elb = aws.loadBalancing();
                SecretsManagerClient secretsManager = aws.secretsManager(); SsmClient ssm = aws.ssm()) {
            List<StackResource> resources = cfn.describeStackResources(b -> b.stackName(stackName)).stackResources();
            String cluster = physicalId(resources, "AWS::ECS::Cluster", stackName);
            String serviceId = physicalId(resources, "AWS::ECS::Service", stackName);
            Service service = ecs.describeServices(b -> b.cluster(cluster).services(serviceId)).services().stream()
                    .findFirst().orElseThrow(() -> new DeployException("ECS has no service " + serviceId
                            + " in cluster " + cluster + " (stack " + stackName + ")"));
            TaskDefinition definition = ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition()))
                    .taskDefinition();
            ContainerDefinition container = definition.containerDefinitions().get(0);
            if (service.loadBalancers().isEmpty()) {
                throw new DeployException("The service " + serviceId + " has no load balancer target group.");
            }
            String targetGroupArn = service.loadBalancers().get(0).targetGroupArn();
            TargetGroup group = elb.describeTargetGroups(b -> b.targetGroupArns(targetGroupArn)).targetGroups().get(0);
            Map<String, String> environment = new LinkedHashMap<>();
            for (KeyValuePair pair : container.environment()) {
                environment.put(pair.name(), pair.value());
            }
            Map<String, String> secrets = new LinkedHashMap<>();
            for (Secret secret : container.secrets()) {
                secrets.put(secret.name(), isSsm(secret.valueFrom()) ? resolveParameter(ssm, secret.valueFrom())
                        : resolve(secretsManager, secret.valueFrom()));
            }
            int port = container.portMappings().isEmpty() ? group.port() : container.portMappings().get(0).containerPort();
            return new DeployedTask(definition.taskDefinitionArn(), container.image(),
                    new ArrayList<>(container.entryPoint()), new ArrayList<>(container.command()), environment, secrets,
                    container.user(), port, size(definition.cpu(), "cpu", definition), size(definition.memory(), "memory", definition),
                    service.desiredCount(), new TargetHealthCheck(
                            group.healthCheckPath() == null ? "/" : group.healthCheckPath(),
                            group.matcher() == null || group.matcher().httpCode() == null ? "200"
                                    : group.matcher().httpCode(),
                            Duration.ofSeconds(orDefault(group.healthCheckIntervalSeconds(), 30)),
                            Duration.ofSeconds(orDefault(group.healthCheckTimeoutSeconds(), 5)),
                            orDefault(group.healthyThresholdCount(), 5), orDefault(group.unhealthyThresholdCount(), 2)),
                    service.serviceName());
        } catch (SdkException e) {
            throw new DeployException("Cannot read the deployed service of " + stackName + " from the local AWS: "
                    + e.getMessage(), e);
        }
    }

    private static int size(String value, String what, TaskDefinition definition) throws DeployException {
        if (value == null || !value.matches("\\d+")) {
            throw new DeployException("The task definition " + definition.taskDefinitionArn() + " has no " + what
                    + " size (" + value + "): the emulator lost it, and a Fargate task cannot run without one.");
        }
        return Integer.parseInt(value);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String physicalId(List<StackResource> resources, String type, String stackName)
            throws DeployException {
        return resources.stream().filter(r -> type.equals(r.resourceType())).map(StackResource::physicalResourceId)
                .findFirst().orElseThrow(() -> new DeployException("The stack " + stackName + " has no " + type));
    }

    /** An SSM parameter's ARN ({@code arn:aws:ssm:...:parameter/...}) or name, rather than a Secrets Manager ARN. */
    static boolean isSsm(String valueFrom) {
        String[] parts = valueFrom.split(":", 4);
        return !valueFrom.startsWith("arn:") || parts.length > 2 && parts[2].equals("ssm");
    }

    /** ECS's {@code valueFrom} of an SSM parameter: its ARN or name; a SecureString is decrypted as ECS does. */
    static String resolveParameter(SsmClient ssm, String valueFrom) throws DeployException {
        String name = valueFrom;
        if (valueFrom.startsWith("arn:")) {
            // arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>
            String resource = valueFrom.split(":", 6)[5];
            name = "/" + resource.substring("parameter/".length());
        }
        String parameter = name;
        try {
            return ssm.getParameter(b -> b.name(parameter).withDecryption(true)).parameter().value();
        } catch (software.amazon.awssdk.services.ssm.model.ParameterNotFoundException e) {
            throw new DeployException("The task's secret parameter " + parameter + " does not exist: set it with"
                    + " mvn goaws:secret.", e);
        }
    }

    /**
     * ECS's {@code valueFrom}: a secret ARN, optionally followed by {@code :json-key:version-stage:version-id}.
     */
    static String resolve(SecretsManagerClient secrets, String valueFrom) throws DeployException {
        String[] parts = valueFrom.split(":", -1);
        String arn = parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : valueFrom;
        String jsonKey = parts.length > 7 ? parts[7] : "";
        String value = secrets.getSecretValue(b -> b.secretId(arn)).secretString();
        if (jsonKey.isEmpty()) {
            return value;
        }
        try {
            JsonNode field = new ObjectMapper().readTree(value).path(jsonKey);
            if (!field.isTextual()) {
                throw new DeployException("The secret " + arn + " has no text field '" + jsonKey + "'.");
            }
            return field.asText();
        } catch (IOException parseError) {
            // Not chained: Jackson's message quotes the token it read, here the secret's value, and Maven prints
            // every cause. Only the ARN and the key may leave this method.
            throw new DeployException("The secret " + arn + " is not JSON, but the task reads its key '" + jsonKey
                    + "'. Write it as JSON ({\"" + jsonKey + "\": \"...\"}) or read the secret whole.");
        }
    }
}
