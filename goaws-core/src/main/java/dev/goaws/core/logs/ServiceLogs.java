package dev.goaws.core.logs;

import dev.goaws.core.Naming;

import dev.goaws.core.GoawsException;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployedTask;
import dev.goaws.core.secrets.SecretMask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * {@code goaws:logs}: the app's output, from the service's CloudWatch log group (the container stack's, found
 * through CloudFormation) or, for the local cloud, from its tasks' files ({@code local/tasks/task-<n>.log}). The
 * task's secret values are masked in every line shown, whatever the app printed.
 */
public final class ServiceLogs {
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Pattern TERM = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    /**
     * @param since       {@code goaws.since}: how far back to start (CloudWatch only: local lines carry no time)
     * @param follow      {@code goaws.follow}: keep printing new lines until the build is stopped
     * @param filter      {@code goaws.filter}: a CloudWatch Logs filter pattern; locally, terms and "quoted
     *                    phrases" a line must all contain
     * @param localTasks  the local cloud's task files' directory, or null for the deployed service
     */
    public record Request(Naming naming, AwsTarget target, Duration since, boolean follow, String filter,
            Path localTasks, Reporter reporter) {
    }

    private ServiceLogs() {
    }

    /** Prints the lines to {@code out}, one per event; {@code stop} ends a follow (the build being stopped). */
    public static int show(Request request, Consumer<String> out, BooleanSupplier stop) throws GoawsException {
        if (request.since().isNegative() || request.since().isZero()) {
            throw new InvalidSettingException("goaws.since", "since=" + request.since().toMinutes()
                    + " minutes: give how far back to read, in minutes (at least 1), e.g. -Dgoaws.since=30.");
        }
        String filter = request.filter() == null || request.filter().isBlank() ? null : request.filter().trim();
        return request.localTasks() != null
                ? local(request.localTasks(), filter, request.follow(), out, stop)
                : cloudWatch(request, filter, out, stop);
    }

    private static int cloudWatch(Request request, String filter, Consumer<String> out, BooleanSupplier stop) {
        AwsTarget.AwsSession aws = request.target().connect();
        String stack = request.naming().stackName(StackKind.CONTAINER);
        String group = logGroup(aws, stack);
        // The secrets the tasks get: an app that prints its own password still never shows it here.
        Consumer<String> masked = SecretMask.of(DeployedTask.read(aws, stack).secrets().values()).masking(out);
        request.reporter().info("Log group " + group + " of " + stack + ", the last " + request.since().toMinutes()
                + " minutes" + (filter == null ? "" : ", filter " + filter) + (request.follow() ? ", following" : ""));
        long start = Instant.now().minus(request.since()).toEpochMilli();
        Set<String> seen = new HashSet<>();
        int shown = 0;
        try (CloudWatchLogsClient logs = aws.logs()) {
            while (true) {
                FilterLogEventsRequest.Builder query = FilterLogEventsRequest.builder().logGroupName(group)
                        .startTime(start);
                if (filter != null) {
                    query.filterPattern(filter);
                }
                long newest = start;
                for (FilteredLogEvent event : logs.filterLogEventsPaginator(query.build()).events()) {
                    if (seen.add(event.eventId())) {
                        masked.accept(Instant.ofEpochMilli(event.timestamp()) + " " + event.logStreamName() + " "
                                + event.message().stripTrailing());
                        shown++;
                    }
                    newest = Math.max(newest, event.timestamp());
                }
                if (!request.follow() || !pause(stop)) {
                    return shown;
                }
                // events of the same millisecond can still arrive: start there, the ids drop the repeats
                start = newest;
            }
        }
    }

    /** The physical name of the container stack's log group. */
    static String logGroup(AwsTarget.AwsSession aws, String stack) {
        try (CloudFormationClient cfn = aws.cloudFormation()) {
            return cfn.describeStackResources(b -> b.stackName(stack)).stackResources().stream()
                    .filter(r -> r.resourceType().equals("AWS::Logs::LogGroup")).findFirst()
                    .orElseThrow(() -> new LogsException(stack + " has no log group: deploy it with this goaws"
                            + " version (mvn goaws:deploy-container)."))
                    .physicalResourceId();
        } catch (CloudFormationException e) {
            throw new LogsException(stack + " is not deployed in " + aws.environment() + ": there are no logs to"
                    + " show. Deploy it (mvn goaws:deploy), or read the local cloud's with -Dgoaws.local=true.", e);
        }
    }

    private static int local(Path directory, String filter, boolean follow, Consumer<String> out,
            BooleanSupplier stop) {
        List<String> terms = terms(filter);
        List<Path> files = taskFiles(directory);
        if (files.isEmpty() && !follow) {
            throw new LogsException("No local task output in " + directory + ": start the local cloud first"
                    + " (mvn goaws:up), or read the deployed service's logs without -Dgoaws.local.");
        }
        java.util.Map<Path, Integer> read = new java.util.HashMap<>();
        int shown = 0;
        while (true) {
            for (Path file : taskFiles(directory)) {
                String task = file.getFileName().toString().replaceFirst("\\.log$", "");
                List<String> lines;
                try {
                    lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new LogsException("Cannot read " + file + ": " + e.getMessage(), e);
                }
                int from = read.getOrDefault(file, 0);
                for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
                    if (terms.stream().allMatch(line::contains)) {
                        out.accept("[" + task + "] " + line);
                        shown++;
                    }
                }
                read.put(file, lines.size());
            }
            if (!follow || !pause(stop)) {
                return shown;
            }
        }
    }

    /** The local reading of a filter pattern: its terms and "quoted phrases", all of which a line must contain. */
    static List<String> terms(String filter) {
        List<String> terms = new ArrayList<>();
        if (filter == null) {
            return terms;
        }
        if (filter.startsWith("{") || filter.startsWith("[") || filter.startsWith("%")) {
            throw new InvalidSettingException("goaws.filter", "'" + filter + "': JSON, space-delimited and regex"
                    + " filter patterns only work on CloudWatch Logs; for the local tasks give words or \"phrases\""
                    + " a line must contain.");
        }
        Matcher m = TERM.matcher(filter);
        while (m.find()) {
            terms.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return terms;
    }

    private static List<Path> taskFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches("task-\\d+\\.log"))
                    .sorted(java.util.Comparator.comparingInt(f -> Integer.parseInt(
                            f.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
        } catch (IOException e) {
            throw new LogsException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static boolean pause(BooleanSupplier stop) {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stop.getAsBoolean();
    }
}
