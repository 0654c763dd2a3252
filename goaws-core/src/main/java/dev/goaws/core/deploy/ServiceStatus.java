package dev.goaws.core.deploy;

import dev.goaws.core.Reporter;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * What an operator asks first about the running service: tasks running of desired, the image digest each task
 * runs, the load balancer's view of each target, and ECS's last service events (a deployment that keeps failing
 * shows there long before CloudFormation gives up). Read-only.
 */
final class ServiceStatus {
    private static final int EVENTS = 5;

    private ServiceStatus() {
    }

    static void describe(AwsTarget.AwsSession aws, String stack, Reporter out) {
        try (CloudFormationClient cfn = aws.cloudFormation(); EcsClient ecs = aws.ecs();
                ElasticLoadBalancingV2Client elb = aws.loadBalancing()) {
            List<StackResource> resources = cfn.describeStackResources(b -> b.stackName(stack)).stackResources();
            String cluster = physicalId(resources, "AWS::ECS::Cluster");
            String serviceArn = physicalId(resources, "AWS::ECS::Service");
            if (cluster == null || serviceArn == null) {
                return;
            }
            Service service = ecs.describeServices(b -> b.cluster(cluster).services(serviceArn)).services().stream()
                    .findFirst().orElse(null);
            if (service == null) {
                out.warn("  service   " + serviceArn + " not found in cluster " + cluster);
                return;
            }
            out.info("  service   " + service.serviceName() + ": " + service.runningCount() + " running of "
                    + service.desiredCount() + " desired" + (service.pendingCount() > 0 ? ", " + service.pendingCount()
                    + " pending" : "") + "; task definition " + service.taskDefinition());
            service.deployments().forEach(d -> out.info("  rollout   " + d.status() + " " + d.rolloutStateAsString()
                    + ": " + d.runningCount() + "/" + d.desiredCount() + " running"
                    + (d.failedTasks() != null && d.failedTasks() > 0 ? ", " + d.failedTasks() + " failed" : "")));
            List<String> tasks = ecs.listTasks(b -> b.cluster(cluster).serviceName(service.serviceName())).taskArns();
            if (!tasks.isEmpty()) {
                ecs.describeTasks(b -> b.cluster(cluster).tasks(tasks)).tasks().forEach(task -> task.containers()
                        .forEach(c -> out.info("  task      " + task.taskArn().replaceFirst(".*/", "") + " "
                                + task.lastStatus() + " " + c.name() + " " + (c.imageDigest() != null
                                ? c.imageDigest() : c.image()))));
            }
            service.loadBalancers().forEach(lb -> {
                if (lb.targetGroupArn() != null) {
                    elb.describeTargetHealth(b -> b.targetGroupArn(lb.targetGroupArn())).targetHealthDescriptions()
                            .forEach(t -> out.info("  target    " + t.target().id() + ":" + t.target().port() + " "
                                    + t.targetHealth().stateAsString() + (t.targetHealth().reason() != null ? " ("
                                    + t.targetHealth().description() + ")" : "")));
                }
            });
            service.events().stream().limit(EVENTS).forEach(e -> out.info("  event     " + e.createdAt() + " "
                    + e.message()));
        } catch (SdkException e) {
            // the stacks' status stands without the service's
            out.warn("  service status unavailable: " + e.getMessage());
        }
    }

    private static String physicalId(List<StackResource> resources, String type) {
        return resources.stream().filter(r -> r.resourceType().equals(type)).map(StackResource::physicalResourceId)
                .findFirst().orElse(null);
    }
}
