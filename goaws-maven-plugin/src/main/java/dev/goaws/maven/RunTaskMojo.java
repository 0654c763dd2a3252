package dev.goaws.maven;

import dev.goaws.core.StackKind;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.operate.LocalOneOffTask;
import dev.goaws.core.operate.OneOffTask;
import dev.goaws.core.operate.TaskCommand;
import java.io.File;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs one task from the service's current task definition (its image, environment, secrets, roles and log group)
 * in the service's subnets and security groups, with {@code goaws.command} as the container's command, e.g. a
 * database migration before a release. Waits until it stops, prints its log lines (the task's secrets masked), its
 * exit code and ECS's stopped reason, and fails the build on a non-zero exit, a task that never started, or
 * {@code goaws.timeout} (the task is stopped then). With {@code goaws.local=true} it runs in the running local
 * cloud ({@code goaws:up}): the task definition read back from the emulator, once, in the container engine at the
 * task's limits (or as a JVM without an engine).
 */
@Mojo(name = "run-task", threadSafe = true)
public class RunTaskMojo extends AbstractTargetMojo {
    /**
     * The container's command. With a comma, the exec form: the command's words, no shell, e.g.
     * {@code java,-cp,/app/app.jar,com.acme.Migrate} ({@code \,} is a comma inside a word). Without a comma but with
     * spaces, a shell string run as {@code sh -c '<value>'} (the image needs a shell). It replaces the container's
     * command, as ECS's command override does (an image's entrypoint stays; goaws's images have none). Unset: the
     * container's own command. A project's standing command is best a POM property, which {@code -D} overrides.
     */
    @Parameter(property = "goaws.command")
    private String command;

    /**
     * How long the task may run: minutes ({@code 30}) or a number with {@code s}, {@code m} or {@code h}
     * ({@code 90s}, {@code 2h}). Then it is stopped and the build fails.
     */
    @Parameter(property = "goaws.timeout", defaultValue = "30")
    private String timeout;

    /** The task's CPU units instead of the task definition's; the size must be one Fargate offers. */
    @Parameter(property = "goaws.cpu")
    private Integer cpu;

    /** The task's memory (MiB) instead of the task definition's; the size must be one Fargate offers. */
    @Parameter(property = "goaws.memory")
    private Integer memory;

    /**
     * Run the task in the running local cloud ({@code goaws:up} in this project) instead of AWS: in its region
     * (else {@code goaws.region}, else eu-central-1) and its container engine.
     */
    @Parameter(property = "goaws.local", defaultValue = "false")
    private boolean local;

    /** Local cloud: extra flags for the engine's {@code run} that this host needs (as for {@code goaws:up}). */
    @Parameter(property = "goaws.containerArgs")
    private String containerArgs;

    /** Local cloud without a container engine: the app's jar, run when there is no command. */
    @Parameter(property = "goaws.appJar", defaultValue = "${project.build.directory}/${project.build.finalName}.jar")
    private File appJar;

    @Override
    protected void run() {
        String stack = naming().stackName(StackKind.CONTAINER);
        TaskCommand parsed = TaskCommand.parse(command, "goaws.command");
        Duration limit = TaskCommand.parseTimeout(timeout, "goaws.timeout");
        if (local) {
            LocalOneOffTask.run(new LocalOneOffTask.Request(stack, outputDirectory.toPath(), parsed, limit, cpu, memory,
                    ContainerEngine.parseExtraArgs(containerArgs), appJar.toPath(), region, reporter()));
        } else {
            OneOffTask.run(new OneOffTask.Request(stack, target(), parsed, limit, cpu, memory, reporter()));
        }
    }
}
