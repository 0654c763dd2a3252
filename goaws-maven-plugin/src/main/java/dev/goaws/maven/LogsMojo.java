package dev.goaws.maven;

import dev.goaws.core.Workspace;

import dev.goaws.core.logs.ServiceLogs;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows the app's log lines: from the deployed service's CloudWatch log group, or with {@code goaws.local=true}
 * from the local cloud's tasks ({@code target/goaws/local/tasks/task-<n>.log}). The task's secret values (the
 * app's password) are masked in every line. Changes nothing.
 */
@Mojo(name = "logs", threadSafe = true)
public class LogsMojo extends AbstractTargetMojo {

    /** How many minutes back to start reading (CloudWatch Logs; the local files carry no times and are read whole). */
    @Parameter(property = "goaws.since", defaultValue = "10")
    protected int since;

    /** Keep printing new lines (every 2 s) until the build is stopped with Ctrl-C. */
    @Parameter(property = "goaws.follow", defaultValue = "false")
    protected boolean follow;

    /**
     * Only lines that match: a CloudWatch Logs filter pattern, e.g. {@code ERROR} or {@code "GET /query"}. For
     * the local tasks: words and "quoted phrases" a line must all contain.
     */
    @Parameter(property = "goaws.filter")
    protected String filter;

    /** Read the local cloud's task output ({@code goaws:up}) instead of the deployed service's log group. */
    @Parameter(property = "goaws.local", defaultValue = "false")
    protected boolean local;

    @Override
    protected void run() {
        ServiceLogs.show(new ServiceLogs.Request(naming(), target(), Duration.ofMinutes(since), follow, filter,
                local ? new Workspace(outputDirectory.toPath()).localTasks() : null, reporter()),
                getLog()::info, () -> false);
    }
}
