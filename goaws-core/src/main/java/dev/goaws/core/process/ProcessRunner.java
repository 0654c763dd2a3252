package dev.goaws.core.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The one way goaws starts a child process (node, npm, cdk, python): output streamed line by line as it comes,
 * the last lines kept for error messages, a time limit that kills the whole process tree.
 */
public final class ProcessRunner {
    private static final int TAIL_LINES = 40;

    /** How a finished process ended. */
    public record Result(int exitCode, List<String> tail) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        public String tailText() {
            return String.join(System.lineSeparator(), tail);
        }
    }

    /** The command could not be started at all (not installed, not executable) or ran out of time. */
    public static final class ProcessException extends IOException {
        public ProcessException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ProcessRunner() {
    }

    /**
     * Runs {@code command} in {@code workDir} with {@code environment} added to this JVM's environment
     * (a {@code null} value removes a variable). Every output line (stdout and stderr, merged in order) goes
     * to {@code lines}.
     */
    public static Result run(List<String> command, Map<String, String> environment, Path workDir,
            Consumer<String> lines, Duration timeout) throws ProcessException {
        Running running = start(command, environment, workDir, lines);
        Process process = running.process;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process);
                throw new ProcessException("'" + String.join(" ", command) + "' did not finish within "
                        + timeout.toSeconds() + " s and was stopped.", null);
            }
            running.pump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
            throw new ProcessException("Interrupted while running '" + command.get(0) + "'", e);
        }
        return new Result(process.exitValue(), running.tail());
    }

    /** A child process that keeps running (a server): its output streams on, its tail is kept. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Thread pump;
        private final Deque<String> tail;

        private Running(Process process, Thread pump, Deque<String> tail) {
            this.process = process;
            this.pump = pump;
            this.tail = tail;
        }

        public Process process() {
            return process;
        }

        public List<String> tail() {
            synchronized (tail) {
                return new ArrayList<>(tail);
            }
        }

        /** What {@link #await} saw first. */
        public enum Wait { READY, EXITED, TIMED_OUT }

        /** A readiness check of a server child (a port that answers, a line it printed); may block briefly. */
        @FunctionalInterface
        public interface Probe {
            boolean ready() throws InterruptedException;
        }

        /**
         * The one "wait until the child is ready" loop: {@code probe} every {@code interval} until it says ready,
         * the process ends or {@code timeout} passes. Callers turn EXITED and TIMED_OUT into their own message
         * with {@link #tail()} and {@link #exitDescription()}.
         */
        public Wait await(Probe probe, Duration timeout, Duration interval) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (probe.ready()) {
                    return Wait.READY;
                }
                if (!process.isAlive()) {
                    return Wait.EXITED;
                }
                if (System.nanoTime() - deadline > 0) {
                    return Wait.TIMED_OUT;
                }
                if (!interval.isZero()) {
                    Thread.sleep(interval.toMillis());
                }
            }
        }

        /**
         * Waits until the child's output has been read to its end (the child closed it, usually by exiting) and
         * every line has reached the consumer; false when {@code timeout} passes first.
         */
        public boolean awaitOutputEnd(Duration timeout) throws InterruptedException {
            pump.join(Math.max(1, timeout.toMillis()));
            return !pump.isAlive();
        }

        /** "exited (code N)" once the process has ended, else "is still running". */
        public String exitDescription() {
            return process.isAlive() ? "is still running" : "exited (code " + process.exitValue() + ")";
        }

        /** The kept last lines, one per line, for an error message. */
        public String tailText() {
            return String.join(System.lineSeparator(), tail());
        }

        /** Stops the process and its children (SIGTERM, then SIGKILL after 10 s). */
        @Override
        public void close() {
            destroyTree(process);
        }
    }

    /** Starts {@code command} without waiting for it; see {@link #run} for the arguments. */
    public static Running start(List<String> command, Map<String, String> environment, Path workDir,
            Consumer<String> lines) throws ProcessException {
        return start(command, environment, workDir, UnaryOperator.identity(), lines);
    }

    /**
     * As {@link #start(List, Map, Path, Consumer)}, each output line passed through {@code redact} before it is
     * kept in the tail or handed on: a child given secrets (a task) never has them in an error message that quotes
     * its last lines.
     */
    public static Running start(List<String> command, Map<String, String> environment, Path workDir,
            UnaryOperator<String> redact, Consumer<String> lines) throws ProcessException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ProcessException("Cannot start '" + command.get(0) + "': " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close(); // nothing to say to it: no prompt may wait for an answer
        } catch (IOException ignored) {
            // already gone; the exit code tells
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String read; (read = reader.readLine()) != null; ) {
                    String line = redact.apply(read);
                    synchronized (tail) {
                        if (tail.size() == TAIL_LINES) {
                            tail.removeFirst();
                        }
                        tail.addLast(line);
                    }
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // The process went away; what it printed so far is in the tail.
            }
        }, "goaws-output-" + command.get(0));
        pump.setDaemon(true);
        pump.start();
        return new Running(process, pump, tail);
    }

    /** Stops a process and everything it started: first politely (SIGTERM), then for good. */
    public static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        // SIGTERM through the handle: Process.destroy() would also close our end of its output, and a child
        // that reports its shutdown would die of SIGPIPE with its last lines lost.
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
