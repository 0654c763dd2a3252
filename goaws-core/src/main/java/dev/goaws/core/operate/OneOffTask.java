package dev.goaws.core.operate;

import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployedTask;
import dev.goaws.core.secrets.SecretMask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/**
 * {@code goaws:run-task}: one task from the service's current task definition (its image, environment, secrets,
 * roles and log group), in the service's subnets and security groups, with {@code goaws.command} replacing the
 * container's command. It waits until the task stops, prints the task's log lines as they come (the task's
 * secret values masked), then its exit code and ECS's stopped reason; a non-zero exit, a task that never started
 * (the reason ECS gives) or {@code goaws.timeout} (the task is stopped then) is a failure.
 */
public final class OneOffTask {
    /** Who started the task, in ECS's {@code startedBy} (letters, digits, '-', '_' and '/'). */
    static final String STARTED_BY = "goaws-run-task";
    private static final Duration POLL = Duration.ofSeconds(2);
    /** How long a stopping task may take (ECS's stop timeout is 30 s by default) before goaws stops waiting. */
    private static final Duration STOP_WAIT = Duration.ofMinutes(2);
    /** CloudWatch Logs may show a stopped task's last lines a few seconds late. */
    private static final Duration LAST_LINES_WAIT = Duration.ofSeconds(10);

    /**
     * @param stackName the container stack whose service's task definition runs
     * @param command   {@code goaws.command}, or null for the container's own command
     * @param timeout   {@code goaws.timeout}: the task is stopped after this long
     * @param cpu       {@code goaws.cpu}, or null for the task definition's
     * @param memoryMiB {@code goaws.memory}, or null for the task definition's
     */
    public record Request(String stackName, AwsTarget target, TaskCommand command, Duration timeout, Integer cpu,
            Integer memoryMiB, Reporter reporter) {
    }

    /** How the task ended. */
    public record Result(String taskArn, Integer exitCode, String stoppedReason) {
    }

    private final Request request;
    private final Reporter log;

    private OneOffTask(Request request) {
        this.request = request;
        this.log = request.reporter();
    }

    /** Runs the task to its end; returns when it exited with 0, else fails saying how it ended. */
    public static Result run(Request request) {
        TaskSize.check(request.cpu(), request.memoryMiB());
        return new OneOffTask(request).run();
    }

    private Result run() {
        AwsTarget.AwsSession aws = request.target().connect();
        DeployedService deployed = DeployedService.read(aws, request.stackName());
        ContainerDefinition container = deployed.container();
        TaskSize size = TaskSize.of(request.cpu(), request.memoryMiB(), taskCpu(deployed), taskMemory(deployed));
        // The task's secret values, so a task that prints one never shows it here (as goaws:logs does).
        Consumer<String> out = SecretMask.of(DeployedTask.read(aws, request.stackName()).secrets().values()).masking(
                log::info);
        try (EcsClient ecs = aws.ecs(); CloudWatchLogsClient logs = aws.logs()) {
            Task task = start(ecs, deployed, container, size);
            String id = taskId(task.taskArn());
            log.info("Ctrl-C stops the waiting, not the task; to stop it: aws ecs stop-task --cluster "
                    + deployed.cluster() + " --task " + id);
            LogStream stream = LogStream.of(container.logConfiguration(), container.name(), id);
            if (stream == null) {
                log.warn("The container does not log to CloudWatch Logs (log driver " + (container.logConfiguration()
                        == null ? "none" : container.logConfiguration().logDriverAsString()) + "): no log lines here.");
            } else {
                log.info("Its log lines, from " + stream.group() + " " + stream.name() + ":");
            }
            Task stopped = await(ecs, logs, deployed.cluster(), task, stream, out);
            return finish(stopped, id);
        }
    }

    private Task start(EcsClient ecs, DeployedService deployed, ContainerDefinition container, TaskSize size) {
        var service = deployed.service();
        TaskOverride.Builder overrides = TaskOverride.builder();
        if (request.command() != null) {
            overrides.containerOverrides(ContainerOverride.builder().name(container.name())
                    .command(request.command().argv()).build());
        }
        if (size.differsFrom(taskCpu(deployed), taskMemory(deployed))) {
            overrides.cpu(Integer.toString(size.cpu())).memory(Integer.toString(size.memoryMiB()));
        }
        RunTaskRequest.Builder run = RunTaskRequest.builder()
                .cluster(deployed.cluster())
                .taskDefinition(deployed.taskDefinition().taskDefinitionArn())
                .count(1)
                .startedBy(STARTED_BY)
                .propagateTags(PropagateTags.TASK_DEFINITION)
                .networkConfiguration(service.networkConfiguration())
                .overrides(overrides.build());
        if (!service.capacityProviderStrategy().isEmpty()) {
            run.capacityProviderStrategy(service.capacityProviderStrategy());
        } else {
            run.launchType(service.launchTypeAsString());
        }
        if (service.platformVersion() != null) {
            run.platformVersion(service.platformVersion());
        }
        var network = service.networkConfiguration() == null ? null
                : service.networkConfiguration().awsvpcConfiguration();
        log.info("Running one task of " + deployed.revisionName() + " (" + container.image() + ") in cluster "
                + deployed.cluster() + ", " + size + (network == null ? "" : ", subnets "
                + String.join(",", network.subnets()) + ", security groups " + String.join(",", network.securityGroups())
                + ", public IP " + network.assignPublicIpAsString()) + "; command: " + (request.command() == null
                ? "the container's own" : request.command().display()));
        RunTaskResponse response = ecs.runTask(run.build());
        if (response.tasks().isEmpty()) {
            List<String> reasons = new ArrayList<>();
            for (Failure failure : response.failures()) {
                reasons.add(failure.reason() + (failure.detail() == null ? "" : " (" + failure.detail() + ")"));
            }
            throw new OperateException("ECS did not start the task: " + (reasons.isEmpty() ? "no reason given"
                    : String.join("; ", reasons)) + ".");
        }
        Task task = response.tasks().get(0);
        log.info("Started task " + taskId(task.taskArn()) + " (" + task.lastStatus() + ")");
        return task;
    }

    /** Polls the task until it has stopped, printing its status changes and log lines; stops it at the timeout. */
    private Task await(EcsClient ecs, CloudWatchLogsClient logs, String cluster, Task started, LogStream stream,
            Consumer<String> out) {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        long stopDeadline = Long.MAX_VALUE;
        String status = started.lastStatus();
        String prefix = "[task " + taskId(started.taskArn()).substring(0, 8) + "] ";
        Task task = started;
        while (true) {
            pause(POLL);
            task = ecs.describeTasks(b -> b.cluster(cluster).tasks(started.taskArn())).tasks().get(0);
            if (stream != null) {
                stream.print(logs, line -> out.accept(prefix + line));
            }
            if (!task.lastStatus().equals(status)) {
                status = task.lastStatus();
                log.info("Task " + taskId(task.taskArn()) + ": " + status);
            }
            if ("STOPPED".equals(status)) {
                break;
            }
            if (stopDeadline == Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                log.warn("goaws.timeout (" + TaskCommand.describe(request.timeout()) + ") passed: stopping task "
                        + taskId(task.taskArn()) + ".");
                String reason = "goaws.timeout (" + TaskCommand.describe(request.timeout()) + ") passed";
                ecs.stopTask(b -> b.cluster(cluster).task(started.taskArn()).reason(reason));
                stopDeadline = System.nanoTime() + STOP_WAIT.toNanos();
            }
            if (System.nanoTime() - stopDeadline > 0) {
                throw new OperateException("Task " + taskId(task.taskArn()) + " ran longer than goaws.timeout ("
                        + TaskCommand.describe(request.timeout()) + "), was told to stop, and still reads " + status
                        + " after " + STOP_WAIT.toMinutes() + " min. Check it: aws ecs describe-tasks --cluster "
                        + cluster + " --tasks " + taskId(task.taskArn()));
            }
        }
        if (stream != null) {
            long until = System.nanoTime() + LAST_LINES_WAIT.toNanos();
            int quiet = 0;
            while (quiet < 2 && System.nanoTime() - until < 0) {
                pause(POLL);
                quiet = stream.print(logs, line -> out.accept(prefix + line)) == 0 ? quiet + 1 : 0;
            }
        }
        if (stopDeadline != Long.MAX_VALUE) {
            throw new OperateException("Task " + taskId(task.taskArn()) + " ran longer than goaws.timeout ("
                    + TaskCommand.describe(request.timeout()) + ") and was stopped" + describeEnd(task) + ".");
        }
        return task;
    }

    private Result finish(Task task, String id) {
        Container container = task.containers().isEmpty() ? null : task.containers().get(0);
        Integer exitCode = container == null ? null : container.exitCode();
        String reason = task.stoppedReason() == null || task.stoppedReason().isBlank() ? null : task.stoppedReason();
        if (exitCode != null) {
            log.info("Task " + id + " ended with exit code " + exitCode + (reason == null ? "" : " (" + reason + ")"));
        }
        String failure = failure(task);
        if (failure != null) {
            throw new OperateException(failure);
        }
        return new Result(task.taskArn(), exitCode, reason);
    }

    /**
     * Why a stopped task is a failure, or null when its command exited with 0: a non-zero exit code, or a task whose
     * command never ran (no exit code; ECS's stop code and reason say why).
     */
    static String failure(Task task) {
        String id = taskId(task.taskArn());
        Container container = task.containers().isEmpty() ? null : task.containers().get(0);
        Integer exitCode = container == null ? null : container.exitCode();
        String reason = task.stoppedReason() == null || task.stoppedReason().isBlank() ? null : task.stoppedReason();
        if (exitCode == null) {
            return "Task " + id + " stopped before its command ran" + describeEnd(task)
                    + (container != null && container.reason() != null ? "; container: " + container.reason() : "")
                    + ". Typical causes: the image cannot be pulled, a secret is not found, no capacity.";
        }
        return exitCode == 0 ? null : "Task " + id + " ended with exit code " + exitCode + (reason == null ? ""
                : " (" + reason + ")") + ". Its log lines are above.";
    }

    private static String describeEnd(Task task) {
        String code = task.stopCodeAsString();
        String reason = task.stoppedReason();
        return (code == null ? "" : ": " + code) + (reason == null || reason.isBlank() ? "" : (code == null ? ": " : ", ")
                + reason);
    }

    private static int taskCpu(DeployedService deployed) {
        return size(deployed.taskDefinition().cpu(), "CPU", deployed);
    }

    private static int taskMemory(DeployedService deployed) {
        return size(deployed.taskDefinition().memory(), "memory", deployed);
    }

    private static int size(String value, String what, DeployedService deployed) {
        if (value == null || !value.matches("\\d+")) {
            throw new OperateException("The task definition " + deployed.revisionName() + " has no task-level " + what
                    + " size (" + value + "): goaws runs Fargate tasks, which need one. Redeploy the container stack.");
        }
        return Integer.parseInt(value);
    }

    static String taskId(String taskArn) {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperateException("Interrupted while waiting for the task (it keeps running in ECS)", e);
        }
    }

    /** The task's CloudWatch log stream ({@code awslogs} driver: {@code <prefix>/<container>/<task id>}). */
    private static final class LogStream {
        private final String group;
        private final String name;
        private String token;

        private LogStream(String group, String name) {
            this.group = group;
            this.name = name;
        }

        static LogStream of(LogConfiguration configuration, String container, String taskId) {
            if (configuration == null || !"awslogs".equals(configuration.logDriverAsString())) {
                return null;
            }
            Map<String, String> options = configuration.options();
            String prefix = options.get("awslogs-stream-prefix");
            return options.get("awslogs-group") == null ? null : new LogStream(options.get("awslogs-group"),
                    (prefix == null ? "" : prefix + "/") + container + "/" + taskId);
        }

        String group() {
            return group;
        }

        String name() {
            return name;
        }

        /** Prints the lines that came since the last call; returns how many. No stream yet is none. */
        int print(CloudWatchLogsClient logs, Consumer<String> out) {
            int printed = 0;
            try {
                while (true) {
                    String from = token;
                    GetLogEventsResponse page = logs.getLogEvents(b -> {
                        b.logGroupName(group).logStreamName(name).startFromHead(true);
                        if (from != null) {
                            b.nextToken(from);
                        }
                    });
                    for (OutputLogEvent event : page.events()) {
                        out.accept(event.message().stripTrailing());
                        printed++;
                    }
                    boolean more = page.nextForwardToken() != null && !page.nextForwardToken().equals(from)
                            && !page.events().isEmpty();
                    token = page.nextForwardToken() == null ? from : page.nextForwardToken();
                    if (!more) {
                        return printed;
                    }
                }
            } catch (ResourceNotFoundException notYet) {
                return printed; // the stream appears once the container has started
            }
        }
    }
}
