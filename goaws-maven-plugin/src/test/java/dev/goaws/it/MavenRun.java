package dev.goaws.it;

import dev.goaws.core.FileTrees;
import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Maven on a test project the way a user does ({@code mvn -B goaws:...}), with the plugin under test
 * from the invoker's IT repository. Each run's full log is kept under {@code target/it-logs/}.
 */
final class MavenRun {
    private static final Path LOGS = Path.of("target", "it-logs");

    record Result(int exitCode, String log) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Path project;
    private final Map<String, String> environment = new HashMap<>();

    MavenRun(Path project) {
        this.project = project;
    }

    /** A user's project in {@code directory} that uses the plugin under test (the deploy test project's POM). */
    static Path userProject(Path directory) throws IOException {
        return testProject("deploy", directory);
    }

    /**
     * {@code src/test/projects/<name>} copied into {@code directory}, its POM using the plugin under test. What an
     * earlier run of the test left there (a build-app context, a deployed state file) is deleted first: a rerun
     * starts where a fresh clone does.
     */
    static Path testProject(String name, Path directory) throws IOException {
        FileTrees.deleteRecursively(directory);
        Path from = Path.of("src/test/projects", name);
        try (var files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path to = directory.resolve(from.relativize(file).toString());
                Files.createDirectories(to.getParent());
                Files.writeString(to, Files.readString(file).replace("@project.version@",
                        System.getProperty("goaws.it.version")));
            }
        }
        return directory;
    }

    /**
     * Maven against an emulator endpoint: the emulator's throwaway keys, no profile or endpoint from the
     * developer's environment, a cdk CLI home under {@code work}, the Node 20 warnings silenced.
     */
    static MavenRun emulated(Path project, Path work) {
        return new MavenRun(project)
                .env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_PROFILE", null).env("AWS_ENDPOINT_URL", null)
                .env("CDK_HOME", work.resolve("cdk-home").toString())
                .env("CDK_DISABLE_CLI_TELEMETRY", "true")
                .env("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
                .env("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true");
    }

    /**
     * Maven for the local cloud as a new user runs it: no AWS credentials or endpoint at all (it needs none),
     * its own cdk CLI home, the Node 20 warnings silenced.
     */
    static MavenRun localCloud(Path project) {
        return new MavenRun(project)
                .env("AWS_ACCESS_KEY_ID", null).env("AWS_SECRET_ACCESS_KEY", null).env("AWS_PROFILE", null)
                .env("AWS_ENDPOINT_URL", null)
                .env("CDK_HOME", project.resolve("cdk-home").toString())
                .env("CDK_DISABLE_CLI_TELEMETRY", "true")
                .env("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
                .env("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true");
    }

    /** Sets (or, with {@code null}, removes) a variable of Maven's environment. */
    MavenRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Result run(String name, String... goalsAndProperties) throws IOException {
        List<String> command = command(goalsAndProperties);
        StringBuilder log = new StringBuilder();
        ProcessRunner.Result result = ProcessRunner.run(command, environment, project,
                line -> log.append(line).append('\n'), Duration.ofMinutes(15));
        Files.createDirectories(LOGS);
        Files.writeString(LOGS.resolve(name + ".log"), String.join(" ", command) + "\n\n" + log);
        return new Result(result.exitCode(), log.toString());
    }

    /** Starts Maven in the background (a goal that keeps running, like goaws:up); its lines go to {@code lines}. */
    ProcessRunner.Running start(String name, java.util.function.Consumer<String> lines, String... goalsAndProperties)
            throws IOException {
        List<String> command = command(goalsAndProperties);
        Files.createDirectories(LOGS);
        Path logFile = LOGS.resolve(name + ".log");
        Files.writeString(logFile, String.join(" ", command) + "\n\n");
        return ProcessRunner.start(command, environment, project, line -> {
            lines.accept(line);
            try {
                Files.writeString(logFile, line + "\n", java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // the log file is a convenience
            }
        });
    }

    private List<String> command(String... goalsAndProperties) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("goaws.it.mavenHome"), "bin", "mvn").toString(), "-B",
                "-s", settings().toString(),
                "-Dmaven.repo.local=" + System.getProperty("goaws.it.localRepository"),
                "-f", project.resolve("pom.xml").toString()));
        command.addAll(List.of(goalsAndProperties));
        return command;
    }

    /** Resolves from the IT repository first (the plugin under test), then the developer's local repository. */
    private Path settings() throws IOException {
        Path file = Path.of("target", "it-settings.xml").toAbsolutePath();
        String remote = Path.of(System.getProperty("goaws.it.userRepository")).toUri().toString();
        // IT classes run side by side: the file is replaced whole, never seen half-written by another run's Maven.
        Path partial = Files.createTempFile(file.getParent(), "it-settings", ".xml");
        Files.writeString(partial, """
                <settings>
                  <profiles><profile><id>it</id>
                    <repositories><repository><id>local.central</id><url>%1$s</url></repository></repositories>
                    <pluginRepositories><pluginRepository><id>local.central</id><url>%1$s</url></pluginRepository>
                    </pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>it</activeProfile></activeProfiles>
                </settings>
                """.formatted(remote));
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
