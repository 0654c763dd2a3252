package dev.goaws.core.deploy;

import dev.goaws.core.Reporter;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
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
            List<Task> described = tasks.isEmpty() ? List.of()
                    : ecs.describeTasks(b -> b.cluster(cluster).tasks(tasks)).tasks();
            described.forEach(task -> task.containers()
                    .forEach(c -> out.info("  task      " + task.taskArn().replaceFirst(".*/", "") + " "
                            + task.lastStatus() + " " + c.name() + " " + (c.imageDigest() != null
                            ? c.imageDigest() : c.image()))));
            execLines(aws, cluster, service, described, out);
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

    /**
     * ECS Exec ({@code goaws.exec}): per running task the ready-to-paste command that opens a shell in it. goaws does
     * not speak the Session Manager protocol; the AWS CLI does, with its Session Manager plugin.
     */
    private static void execLines(AwsTarget.AwsSession aws, String cluster, Service service, List<Task> tasks,
            Reporter out) {
        if (!Boolean.TRUE.equals(service.enableExecuteCommand())) {
            out.info("  exec      off (goaws.exec=true turns ECS Exec on)");
            return;
        }
        List<Task> running = tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus())).toList();
        if (running.isEmpty()) {
            out.info("  exec      ECS Exec is on; no task is running now");
            return;
        }
        for (Task task : running) {
            out.info("  exec      " + executeCommand(aws, cluster, task.taskArn().replaceFirst(".*/", ""),
                    task.containers().isEmpty() ? "app" : task.containers().get(0).name()));
        }
        out.info("  exec      (needs the AWS CLI with the Session Manager plugin: " + SESSION_MANAGER_PLUGIN + ")");
    }

    /** The Session Manager plugin's installation guide. */
    static final String SESSION_MANAGER_PLUGIN = "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
            + "session-manager-working-with-install-plugin.html";

    /** {@code aws ecs execute-command} for a shell in {@code container} of {@code task}, in goaws's target. */
    static String executeCommand(AwsTarget.AwsSession aws, String cluster, String task, String container) {
        return "aws ecs execute-command --cluster " + cluster + " --task " + task + " --container " + container
                + " --interactive --command /bin/sh --region " + aws.region().id()
                + (aws.target().profile() != null ? " --profile " + aws.target().profile() : "");
    }

    private static String physicalId(List<StackResource> resources, String type) {
        return resources.stream().filter(r -> r.resourceType().equals(type)).map(StackResource::physicalResourceId)
                .findFirst().orElse(null);
    }
}
