package dev.goaws.maven;

import dev.goaws.core.StackKind;
import dev.goaws.core.operate.LocalExec;
import dev.goaws.core.operate.TaskCommand;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs {@code goaws.command} in a running task's container of the local cloud ({@code goaws:up} in this project)
 * through the container engine ({@code podman exec}): non-interactive; prints its output (the task's secrets
 * masked) and exit code, and fails the build on a non-zero one. For a task in AWS, turn ECS Exec on with
 * {@code goaws.exec=true}: {@code goaws:status} then prints the {@code aws ecs execute-command} line per task.
 */
@Mojo(name = "exec", threadSafe = true)
public class ExecMojo extends AbstractTargetMojo {
    /**
     * The command to run: with a comma the exec form ({@code ls,-l,/app}), without a comma but with spaces a shell
     * string run by {@code sh -c} (the image needs a shell).
     */
    @Parameter(property = "goaws.command")
    private String command;

    /** How long the command may run: minutes ({@code 30}) or a number with {@code s}, {@code m} or {@code h}. */
    @Parameter(property = "goaws.timeout", defaultValue = "30")
    private String timeout;

    @Override
    protected void run() {
        LocalExec.run(new LocalExec.Request(naming().stackName(StackKind.CONTAINER), outputDirectory.toPath(),
                TaskCommand.parse(command, "goaws.command"), TaskCommand.parseTimeout(timeout, "goaws.timeout"), region,
                reporter()));
    }
}
