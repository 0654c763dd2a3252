package dev.goaws.core.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Nothing of a {@code goaws:up} outlives it, however it ends: a small JVM beside it whose standard input is a pipe
 * from the {@code up} process. {@code up} tells it each process it starts (by pid and start time: a recycled pid
 * is never touched) and each container (by name). When the pipe ends without a goodbye, the {@code up} process
 * is gone (killed with {@code kill -9}, out of memory, a crashed JVM), and the guard stops everything still
 * registered: SIGTERM, SIGKILL after 10 s, and {@code <engine> rm -f} for the containers. A normal stop says
 * goodbye after it has stopped its children itself.
 *
 * <p>It runs this class from the jar goaws-core was loaded from, JDK classes only. Its own output goes to a log
 * file: after the {@code up} process died nobody would read a pipe. It ignores SIGINT: Ctrl-C reaches the whole
 * process group, and the {@code up} process then stops its children gracefully (and saves the table first).
 */
public final class OrphanGuard implements AutoCloseable {
    private static final String GOODBYE = "goodbye";

    private final Process process;
    private final Writer commands;

    private OrphanGuard(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the guard for this JVM; its log is appended to {@code logFile}. */
    public static OrphanGuard start(Path logFile) throws LocalAwsException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.createDirectories(logFile.getParent());
            Path classpath = Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // Small and quick: it reads a pipe and, at most once, stops a few processes.
            Process process = new ProcessBuilder(java, "-Xmx16m", "-Xss256k", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", classpath.toString(),
                    OrphanGuard.class.getName(), Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new OrphanGuard(process);
        } catch (IOException | URISyntaxException | SecurityException e) {
            throw new LocalAwsException("Cannot start the guard that stops the local cloud's processes when Maven"
                    + " dies: " + e.getMessage(), e);
        }
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** From now on, {@code handle} is stopped if this JVM dies without {@link #close()}. */
    public void watch(String name, ProcessHandle handle) {
        send("process " + handle.pid() + " " + startMillis(handle) + " " + name);
    }

    /** {@code handle} was stopped by its owner: the guard forgets it. */
    public void forget(ProcessHandle handle) {
        send("forget-process " + handle.pid());
    }

    /** From now on, the container {@code name} of {@code engine} is removed if this JVM dies. */
    public void watchContainer(String engine, String name) {
        send("container " + name + " " + engine); // the engine last: a path may hold spaces
    }

    public void forgetContainer(String name) {
        send("forget-container " + name);
    }

    synchronized void send(String line) {
        try {
            commands.write(line + "\n");
            commands.flush();
        } catch (IOException e) {
            // The guard is gone (killed): the next up and goaws:down still find the leftovers in local.json.
        }
    }

    /** Everything was stopped by its owner: the guard exits without stopping anything. */
    @Override
    public void close() {
        send(GOODBYE);
        try {
            commands.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the pipe without a goodbye, as this JVM's death does (for tests: the test's JVM must live on). */
    void closeWithoutGoodbye() throws IOException {
        commands.close();
    }

    // ------------------------------------------------------------------ the guard's side (its own JVM)

    /** A process by pid and start time, as {@link LocalState.Proc} (not used here: that class needs Jackson). */
    private record Watched(String name, long pid, long startMillis) {
        Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> Math.abs(OrphanGuard.startMillis(h) - startMillis) < 2000);
        }
    }

    private static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** {@code args[0]}: the pid of the process it guards, for its log. Reads commands from standard input. */
    public static void main(String[] args) throws IOException {
        ignoreInterrupt();
        String owner = args.length > 0 ? args[0] : "?";
        Map<Long, Watched> processes = new LinkedHashMap<>();
        Map<String, String> containers = new LinkedHashMap<>(); // name -> engine
        log("guarding the local cloud of pid " + owner);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.split(" ", 4);
            switch (words[0]) {
                case GOODBYE -> {
                    log("pid " + owner + " stopped its local cloud itself; nothing to do");
                    return;
                }
                case "process" -> processes.put(Long.parseLong(words[1]), new Watched(
                        words.length > 3 ? words[3] : "process", Long.parseLong(words[1]), Long.parseLong(words[2])));
                case "forget-process" -> processes.remove(Long.parseLong(words[1]));
                case "container" -> {
                    String[] nameAndEngine = line.split(" ", 3); // the engine's path may hold spaces
                    containers.put(nameAndEngine[1], nameAndEngine[2]);
                }
                case "forget-container" -> containers.remove(words[1]);
                default -> log("unknown command: " + line);
            }
        }
        log("pid " + owner + " is gone without stopping its local cloud: stopping " + processes.values().stream()
                .map(p -> p.name() + " (pid " + p.pid() + ")").toList() + " and containers " + containers.keySet());
        stopAll(new ArrayList<>(processes.values()), containers);
    }

    private static void stopAll(List<Watched> processes, Map<String, String> containers) {
        List<ProcessHandle> live = new ArrayList<>();
        for (Watched proc : processes) {
            Optional<ProcessHandle> handle = proc.live();
            handle.ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroy);
                h.destroy();
                live.add(h);
            });
        }
        containers.forEach((name, engine) -> {
            try {
                Process rm = new ProcessBuilder(engine, "rm", "-f", name).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!rm.waitFor(60, TimeUnit.SECONDS)) {
                    rm.destroyForcibly();
                }
                log("removed container " + name);
            } catch (IOException e) {
                log("could not remove container " + name + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle handle : live) {
            try {
                handle.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                log("stopped pid " + handle.pid());
            } catch (Exception stillAlive) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
                log("killed pid " + handle.pid() + " (no exit 10 s after SIGTERM)");
            }
        }
    }

    /** Ctrl-C goes to the whole process group; the {@code up} process handles it and then says goodbye. */
    @SuppressWarnings("removal")
    private static void ignoreInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log("cannot ignore SIGINT here (" + e.getMessage() + "); Ctrl-C also ends the guard");
        }
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " goaws-guard: " + line);
        System.out.flush();
    }
}
