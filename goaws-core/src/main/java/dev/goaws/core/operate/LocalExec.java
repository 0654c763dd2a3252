package dev.goaws.core.operate;

import dev.goaws.core.Reporter;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployedTask;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.process.ProcessRunner;
import dev.goaws.core.secrets.SecretMask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code goaws:exec}: a command in a running task's container of the local cloud, through the container engine
 * ({@code podman exec}): non-interactive, its output printed with the task's secret values masked, its exit code
 * the result. The local cloud's counterpart of ECS Exec, which goaws does not reimplement: in AWS,
 * {@code goaws:status} prints the {@code aws ecs execute-command} line for each running task.
 */
public final class LocalExec {
    private static final String GOAL = "goaws:exec";

    /**
     * @param command the command ({@code goaws.command}); required
     * @param timeout {@code goaws.timeout}: a command still running then is stopped
     */
    public record Request(String stackName, Path outputDirectory, TaskCommand command, Duration timeout, String region,
            Reporter reporter) {
    }

    private LocalExec() {
    }

    /** Runs the command in the first running task; returns when it exited with 0, else fails with its exit code. */
    public static void run(Request request) {
        if (request.command() == null) {
            throw new dev.goaws.core.InvalidSettingException("goaws.command", "goaws:exec needs the command to run in"
                    + " the task's container, e.g. -Dgoaws.command=env or -Dgoaws.command=\"ls -l /app\".");
        }
        Reporter log = request.reporter();
        RunningLocalCloud cloud = RunningLocalCloud.find(request.outputDirectory(), GOAL);
        ContainerEngine engine = cloud.engine(List.of()).orElseThrow(() -> new OperateException("The local cloud runs"
                + " the app as a JVM (no container engine), so there is no task container to run a command in. Start"
                + " it with podman or Docker (goaws.containerEngine) to use goaws:exec, or use goaws:run-task"
                + " -Dgoaws.local=true for a one-off command."));
        List<String> running = engine.running(cloud.state().containers());
        if (running.isEmpty()) {
            throw new OperateException("None of the local cloud's task containers " + cloud.state().containers()
                    + " is running: see goaws:up's log for why they stopped.");
        }
        String container = running.get(0);
        AwsTarget.AwsSession aws = cloud.connect(request.region());
        Consumer<String> out = SecretMask.of(DeployedTask.read(aws, request.stackName()).secrets().values()).masking(
                line -> log.info("[exec] " + line));
        log.info("goaws:exec in " + container + " (" + engine.name() + " exec, no terminal): "
                + request.command().display());
        ProcessRunner.Result result;
        try {
            result = engine.exec(container, request.command().argv(), out, request.timeout());
        } catch (dev.goaws.core.engine.EngineException e) {
            throw new OperateException(e.getMessage().contains("did not finish within")
                    ? "The command did not end within goaws.timeout (" + TaskCommand.describe(request.timeout())
                    + "): goaws stopped waiting for it (" + engine.name() + " exec ended; the command may still run"
                    + " in " + container + ")." : "Cannot run the command in " + container + ": " + e.getMessage(), e);
        }
        log.info("The command ended with exit code " + result.exitCode());
        if (!result.succeeded()) {
            throw new OperateException("The command in " + container + " ended with exit code " + result.exitCode()
                    + ". Its output is above.");
        }
    }
}
