package dev.goaws.core.local;

import dev.goaws.core.Reporter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * ECS's service scheduler, locally: it keeps the service's desired count. A task that stops on its own (it
 * exited, crashed or was killed) is said with its exit code and last lines and replaced by a new task of the
 * current task definition, after a wait that grows with each failed start in a row ({@link RestartBackoff}), as
 * ECS throttles a service whose tasks keep failing. A replacement that does not pass the health checks within
 * {@code goaws.appStartTimeout} is stopped and replaced in turn. Each step is logged with the words ECS puts into
 * the service's events ({@code [ecs] service … has started 1 tasks: task 3.}) and kept for
 * {@code goaws:status -Dgoaws.local=true}.
 */
final class ServiceScheduler implements AutoCloseable {
    private static final int EVENTS_KEPT = 20;
    /** Failed starts in a row after which ECS says the service cannot start its tasks. */
    private static final int UNABLE_AFTER = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final LocalService service;
    private final String name;
    private final RestartBackoff backoff;
    private final Reporter log;
    private final Runnable changed;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "goaws-service-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<String> events = new ArrayDeque<>();
    private int restarts;
    /** Tasks in a row that stopped without ever passing the health checks; touched on the executor only. */
    private int failedStarts;
    private volatile boolean stopped;

    private ServiceScheduler(LocalService service, String name, RestartBackoff backoff, Reporter log,
            Runnable changed) {
        this.service = service;
        this.name = name;
        this.backoff = backoff;
        this.log = log;
        this.changed = changed;
    }

    /**
     * Supervises {@code service} from now on.
     *
     * @param name    the ECS service's name, as its events say it
     * @param changed called after each change of the tasks, the restarts or the events (the state file)
     */
    static ServiceScheduler start(LocalService service, String name, RestartBackoff backoff, Reporter log,
            Runnable changed) {
        ServiceScheduler scheduler = new ServiceScheduler(service, name, backoff, log, changed);
        service.supervise(scheduler::stopped);
        return scheduler;
    }

    /** How many tasks were started to replace stopped ones. */
    synchronized int restarts() {
        return restarts;
    }

    /** The last events, oldest first, each after its time of day. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    String name() {
        return name;
    }

    private void stopped(LocalService.Stopped task) {
        run(() -> handle(task));
    }

    private void handle(LocalService.Stopped task) {
        if (stopped) {
            return;
        }
        event(true, "service " + name + " has stopped 1 running tasks: task " + task.number() + ".");
        log.warn("[ecs] task " + task.number() + " stopped (" + task.exit() + ") after "
                + String.format(Locale.ROOT, "%.1f", task.ran().toMillis() / 1000.0) + " s"
                + (task.wasHealthy() ? "" : ", before it ever passed the health checks")
                + (task.lastLines().isEmpty() ? "; it printed nothing."
                : ". Its last lines:" + System.lineSeparator() + "    "
                + String.join(System.lineSeparator() + "    ", task.lastLines())));
        failedStarts = task.wasHealthy() ? 0 : failedStarts + 1;
        if (failedStarts == UNABLE_AFTER) {
            event(true, "service " + name + " is unable to consistently start tasks successfully.");
        }
        Duration delay = backoff.delay(failedStarts);
        log.info("[ecs] service " + name + ": the replacement of task " + task.number() + " starts in "
                + seconds(delay) + " s" + (failedStarts == 0 ? ""
                : " (throttled: " + failedStarts + " failed start(s) in a row)"));
        changed.run();
        schedule(delay);
    }

    /** "2", or "0.4" below a second. */
    private static String seconds(Duration delay) {
        return delay.toMillis() % 1000 == 0 ? Long.toString(delay.toSeconds())
                : String.format(Locale.ROOT, "%.1f", delay.toMillis() / 1000.0);
    }

    private void schedule(Duration delay) {
        try {
            executor.schedule(this::replace, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the local cloud is stopping
        }
    }

    private void replace() {
        if (stopped) {
            return;
        }
        Optional<LocalService.Task> started;
        try {
            started = service.startReplacement(); // waits while a rollout runs; it may have restored the count
        } catch (RuntimeException e) {
            if (!stopped) {
                failedStarts++;
                Duration delay = backoff.delay(failedStarts);
                log.warn("[ecs] service " + name + " could not start a task (" + e.getMessage() + "); it tries"
                        + " again in " + seconds(delay) + " s");
                schedule(delay);
            }
            return;
        }
        if (started.isEmpty()) {
            return; // the desired count runs (or the service is closing)
        }
        LocalService.Task task = started.get();
        synchronized (this) {
            restarts++;
        }
        event(false, "service " + name + " has started 1 tasks: task " + task.number() + ".");
        changed.run();
        Thread health = new Thread(() -> {
            try {
                LocalService.Health outcome = service.awaitHealth(task);
                run(() -> checked(task, outcome));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "goaws-task-" + task.number() + "-health");
        health.setDaemon(true);
        health.start();
    }

    private void checked(LocalService.Task task, LocalService.Health outcome) {
        if (stopped) {
            return;
        }
        switch (outcome) {
            case HEALTHY -> {
                failedStarts = 0;
                if (service.healthyCount() >= service.desiredCount()) {
                    event(false, "service " + name + " has reached a steady state.");
                }
                changed.run();
            }
            case EXITED -> {
                // The service reports the exit itself; handle() counts it as a failed start.
            }
            case TIMED_OUT -> {
                log.warn("[ecs] task " + task.number() + " did not pass the health checks within "
                        + service.startTimeout().toSeconds() + " s (goaws.appStartTimeout): stopped, as ECS stops a"
                        + " task that fails its load balancer's health checks.");
                handle(service.stopUnhealthy(task));
            }
        }
    }

    private void event(boolean warning, String message) {
        synchronized (this) {
            events.addLast(LocalTime.now().format(TIME) + " " + message);
            while (events.size() > EVENTS_KEPT) {
                events.removeFirst();
            }
        }
        if (warning) {
            log.warn("[ecs] " + message);
        } else {
            log.info("[ecs] " + message);
        }
    }

    private void run(Runnable step) {
        try {
            executor.execute(step);
        } catch (RejectedExecutionException closed) {
            // the local cloud is stopping
        }
    }

    /** No task is replaced from now on (the local cloud is stopping). */
    @Override
    public void close() {
        stopped = true;
        executor.shutdownNow();
    }
}
