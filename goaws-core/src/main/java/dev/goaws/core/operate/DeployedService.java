package dev.goaws.core.operate;

import dev.goaws.core.deploy.AwsTarget;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The container stack's ECS service as ECS reports it now, found through the stack's resources: its cluster, the
 * service (task definition, network configuration) and the task definition it runs. What runs, not what the
 * template says: after a hotswap the two differ, and a rollback or a one-off task starts from what runs.
 */
record DeployedService(String stack, String cluster, Service service, TaskDefinition taskDefinition) {

    /** Reads the service of {@code stack}; a stack that is not deployed is an error that says how to deploy it. */
    static DeployedService read(AwsTarget.AwsSession aws, String stack) {
        List<StackResource> resources;
        try (CloudFormationClient cfn = aws.cloudFormation()) {
            resources = cfn.describeStackResources(b -> b.stackName(stack)).stackResources();
        } catch (CloudFormationException e) {
            throw new OperateException(stack + " is not deployed in " + aws.environment() + ": deploy it first (mvn"
                    + " goaws:deploy, or goaws:deploy-container).", e);
        }
        String cluster = physicalId(resources, "AWS::ECS::Cluster", stack);
        String serviceId = physicalId(resources, "AWS::ECS::Service", stack);
        try (EcsClient ecs = aws.ecs()) {
            Service service = ecs.describeServices(b -> b.cluster(cluster).services(serviceId)).services().stream()
                    .findFirst().orElseThrow(() -> new OperateException("ECS has no service " + serviceId
                            + " in cluster " + cluster + " (stack " + stack + "): redeploy the container stack."));
            TaskDefinition definition = ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition()))
                    .taskDefinition();
            return new DeployedService(stack, cluster, service, definition);
        }
    }

    private static String physicalId(List<StackResource> resources, String type, String stack) {
        return resources.stream().filter(r -> type.equals(r.resourceType())).map(StackResource::physicalResourceId)
                .findFirst().orElseThrow(() -> new OperateException("The stack " + stack + " has no " + type
                        + ": is it a goaws container stack?"));
    }

    /** The app's container: the essential one (goaws's stacks have exactly one). */
    ContainerDefinition container() {
        return taskDefinition.containerDefinitions().stream()
                .filter(c -> c.essential() == null || c.essential()).findFirst()
                .orElse(taskDefinition.containerDefinitions().get(0));
    }

    /** {@code family:revision}, as ECS names a revision. */
    String revisionName() {
        return taskDefinition.family() + ":" + taskDefinition.revision();
    }
}
