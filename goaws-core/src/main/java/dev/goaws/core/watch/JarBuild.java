package dev.goaws.core.watch;

import dev.goaws.core.Reporter;
import dev.goaws.core.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the app's jar as a child Maven ({@code mvn -q package -DskipTests}, offline when the watching
 * session is): a running Maven cannot run the lifecycle of its own project again, and a child prints the
 * compiler's errors exactly as the user's own build does. The watching JVM stays warm all the same: it keeps
 * the synthesizer, the CLI check and Jib's caches.
 *
 * @param command the child's command line, e.g. {@code [/opt/maven/bin/mvn, -q, -f, pom.xml, package, -DskipTests]}
 * @param workDir where it runs (the project's directory)
 * @param timeout a build that takes longer is stopped and counts as failed
 */
public record JarBuild(List<String> command, Path workDir, Duration timeout) {

    public JarBuild {
        command = List.copyOf(command);
    }

    /**
     * The child Maven of a project.
     *
     * @param mavenHome     the watching Maven's home ({@code maven.home})
     * @param settings      the watching session's user settings file, or null
     * @param localRepository the watching session's local repository
     */
    public static JarBuild maven(Path mavenHome, Path pom, Path settings, Path localRepository, boolean offline) {
        String mvn = mavenHome.resolve("bin").resolve(isWindows() ? "mvn.cmd" : "mvn").toString();
        List<String> command = new java.util.ArrayList<>(List.of(mvn, "-B", "-q"));
        if (offline) {
            command.add("-o");
        }
        if (settings != null) {
            command.addAll(List.of("-s", settings.toString()));
        }
        command.addAll(List.of("-Dmaven.repo.local=" + localRepository, "-f", pom.toString(), "package",
                "-DskipTests"));
        return new JarBuild(command, pom.toAbsolutePath().getParent(), Duration.ofMinutes(10));
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    /**
     * Runs the build, its output (the compiler's errors) into the log as it comes.
     *
     * @return whether the jar was built
     */
    public boolean run(Reporter log) throws InterruptedException {
        try {
            ProcessRunner.Result result = ProcessRunner.run(command, Map.of(), workDir, log::info, timeout);
            if (!result.succeeded()) {
                log.warn("The build failed (exit " + result.exitCode() + "), see above; the service keeps its"
                        + " version. Waiting for the next change.");
            }
            return result.succeeded();
        } catch (ProcessRunner.ProcessException e) {
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                throw new InterruptedException("stopped during the build");
            }
            log.warn(e.getMessage() + " Waiting for the next change.");
            return false;
        }
    }
}
