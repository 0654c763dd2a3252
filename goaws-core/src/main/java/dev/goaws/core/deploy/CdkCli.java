package dev.goaws.core.deploy;

import dev.goaws.core.Reporter;
import dev.goaws.core.FileTrees;
import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real {@code cdk} CLI (npm's aws-cdk), found or provisioned the way frontend-maven-plugin provisions node:
 * a {@code cdk} on the PATH (or given explicitly) that can read the assembly is used as is; otherwise the pinned
 * version is installed once with npm into a cache beside the local Maven repository and reused.
 */
public final class CdkCli {
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final Path executable;
    private final CliVersion version;

    private CdkCli(Path executable, CliVersion version) {
        this.executable = executable;
        this.version = version;
    }

    /** A CLI at a known place and version, without asking it: for tests that must prove it is never started. */
    static CdkCli at(Path executable, CliVersion version) {
        return new CdkCli(executable, version);
    }

    public Path executable() {
        return executable;
    }

    public CliVersion version() {
        return version;
    }

    /** How to find or install the CLI. */
    public record Provisioning(String explicitExecutable, CliVersion pinned, Path cacheRoot, boolean offline,
            boolean usePath, Map<String, String> environment) {
    }

    /**
     * Returns a CLI that can read an assembly needing at least {@code minimum} (from the manifest's
     * {@code minimumCliVersion}; {@code null} when the manifest states none).
     */
    public static CdkCli provide(Provisioning p, CliVersion minimum, Reporter reporter) throws DeployException {
        if (minimum != null && !p.pinned().atLeast(minimum)) {
            throw new DeployException("goaws.cdkVersion=" + p.pinned() + " is too old for this cloud assembly:"
                    + " aws-cdk-lib needs cdk CLI " + minimum + " or newer. Set -Dgoaws.cdkVersion=" + minimum
                    + " or newer, or leave it at goaws's default.");
        }
        if (p.explicitExecutable() != null) {
            Path exe = Path.of(p.explicitExecutable());
            CliVersion v = versionOf(exe.toString(), p.environment()).orElseThrow(() -> new DeployException(
                    "goaws.cdkExecutable " + exe + " does not run or print a version. Point it at a cdk CLI"
                            + " or remove it to let goaws install aws-cdk@" + p.pinned() + "."));
            requireAtLeast(v, minimum, "goaws.cdkExecutable " + exe);
            return new CdkCli(exe, v);
        }
        Optional<CliVersion> onPath = p.usePath() ? versionOf("cdk", p.environment()) : Optional.empty();
        if (onPath.isPresent()) {
            if (minimum == null || onPath.get().atLeast(minimum)) {
                reporter.info("Using cdk " + onPath.get() + " from the PATH");
                return new CdkCli(Path.of("cdk"), onPath.get());
            }
            reporter.info("cdk " + onPath.get() + " on the PATH cannot read this assembly (needs " + minimum
                    + "+): using aws-cdk@" + p.pinned() + " instead");
        }
        return installed(p, reporter);
    }

    private static void requireAtLeast(CliVersion v, CliVersion minimum, String what) throws DeployException {
        if (minimum != null && !v.atLeast(minimum)) {
            throw new DeployException(what + " is cdk " + v + ", too old for this cloud assembly: it needs cdk CLI "
                    + minimum + " or newer. Upgrade it (npm install -g aws-cdk@" + minimum + ") or remove"
                    + " goaws.cdkExecutable so goaws installs a suitable version.");
        }
    }

    /** The pinned CLI from the cache, installed there first if needed (one installer at a time). */
    private static CdkCli installed(Provisioning p, Reporter reporter) throws DeployException {
        Path home = p.cacheRoot().resolve(p.pinned().toString());
        Path exe = home.resolve("node_modules").resolve(".bin").resolve("cdk");
        try {
            Files.createDirectories(p.cacheRoot());
            try (FileChannel lockFile = FileChannel.open(p.cacheRoot().resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                if (!Files.isExecutable(exe)) {
                    install(p, home, reporter);
                }
            }
        } catch (IOException e) {
            throw new DeployException("Cannot use the cdk CLI cache " + p.cacheRoot() + ": " + e.getMessage(), e);
        }
        CliVersion v = versionOf(exe.toString(), p.environment()).orElseThrow(() -> new DeployException(
                "The cached cdk CLI " + exe + " does not run. Delete " + home + " and retry."));
        return new CdkCli(exe, v);
    }

    /**
     * Installs {@code p.pinned()} into {@code home}. The version goaws pins comes from the package.json and
     * package-lock.json shipped in the plugin ({@code npm ci}: exactly the locked tarball, checked against its
     * sha512 integrity hash); any other {@code goaws.cdkVersion} from the registry, as npm resolves it. Either way
     * without install scripts and with an environment cleaned of everything npm does not need (AWS keys above all).
     */
    private static void install(Provisioning p, Path home, Reporter reporter) throws DeployException, IOException {
        Path staging = Files.createTempDirectory(p.cacheRoot(), "install-");
        boolean locked = p.pinned().equals(lockedVersion());
        if (locked) {
            writeLockedProject(staging);
            reporter.info("Installing aws-cdk@" + p.pinned() + " into " + home + " from goaws's lockfile (once)");
        } else {
            reporter.warn("Installing aws-cdk@" + p.pinned() + " into " + home + " (once): goaws ships no lockfile"
                    + " for it (only for " + lockedVersion() + "), so npm checks the tarball against the integrity"
                    + " its registry states, not one pinned by goaws.");
        }
        ProcessRunner.Result result;
        try {
            result = ProcessRunner.run(npmCommand(staging, locked, p.pinned(), p.offline()),
                    NpmEnvironment.removals(System.getenv()), staging, line -> { }, INSTALL_TIMEOUT);
        } catch (ProcessRunner.ProcessException e) {
            FileTrees.deleteRecursively(staging);
            throw new DeployException("goaws needs npm to install the cdk CLI, but it could not run npm: "
                    + e.getMessage() + ". Install Node.js with npm, or put cdk " + p.pinned()
                    + " on the PATH (npm install -g aws-cdk@" + p.pinned() + ").", e);
        }
        if (!result.succeeded()) {
            FileTrees.deleteRecursively(staging);
            String hint = p.offline()
                    ? "Maven runs offline (-o) and aws-cdk@" + p.pinned() + " is neither cached in " + home
                            + " nor in npm's cache: run once online, or put a suitable cdk on the PATH."
                    : "Check the npm registry access (npm config get registry, proxy settings), or put cdk "
                            + p.pinned() + " on the PATH.";
            throw new DeployException("npm could not install aws-cdk@" + p.pinned() + " (exit " + result.exitCode()
                    + "):" + System.lineSeparator() + result.tailText() + System.lineSeparator() + hint);
        }
        FileTrees.deleteRecursively(home);
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Where the shipped package.json and package-lock.json of the pinned CLI are. */
    static final String LOCKED_PROJECT = "/dev/goaws/core/deploy/cdk-cli/";

    /** The aws-cdk version the shipped lockfile pins ({@link CliSettings#DEFAULT_VERSION}, CdkCliLockTest). */
    static CliVersion lockedVersion() {
        try (var in = CdkCli.class.getResourceAsStream(LOCKED_PROJECT + "package-lock.json")) {
            return CliVersion.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("packages")
                    .path("node_modules/aws-cdk").path("version").asText());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("goaws's cdk CLI lockfile is missing or unreadable", e);
        }
    }

    /** Writes the shipped package.json and package-lock.json into {@code directory}. */
    static void writeLockedProject(Path directory) throws IOException {
        for (String file : List.of("package.json", "package-lock.json")) {
            try (var in = CdkCli.class.getResourceAsStream(LOCKED_PROJECT + file)) {
                if (in == null) {
                    throw new IOException("goaws's " + file + " for the cdk CLI is missing from the plugin");
                }
                Files.copy(in, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * The npm command that installs into {@code directory} (named, so npm never looks for a project above it):
     * {@code npm ci} of the locked project there, or for an unlocked version {@code npm install aws-cdk@version}.
     * Install scripts never run: the CLI needs none.
     */
    static List<String> npmCommand(Path directory, boolean locked, CliVersion version, boolean offline) {
        List<String> command = new ArrayList<>(locked ? List.of("npm", "ci")
                : List.of("npm", "install", "--no-save", "aws-cdk@" + version));
        command.addAll(List.of("--prefix", directory.toString(), "--ignore-scripts", "--no-audit", "--no-fund",
                "--loglevel=error"));
        if (offline) {
            command.add("--offline");
        }
        return command;
    }

    private static Optional<CliVersion> versionOf(String exe, Map<String, String> environment) {
        StringBuilder out = new StringBuilder();
        try {
            ProcessRunner.Result r = ProcessRunner.run(List.of(exe, "--version"), environment, null,
                    line -> out.append(line).append('\n'), VERSION_TIMEOUT);
            return r.succeeded() ? CliVersion.find(out.toString()) : Optional.empty();
        } catch (ProcessRunner.ProcessException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code cdk <arguments>}; every output line goes to {@code lines} as it comes. */
    public ProcessRunner.Result run(List<String> arguments, Map<String, String> environment,
            java.util.function.Consumer<String> lines, Duration timeout) throws DeployException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        try {
            return ProcessRunner.run(command, environment, null, lines, timeout);
        } catch (ProcessRunner.ProcessException e) {
            throw new DeployException("The cdk CLI failed to run: " + e.getMessage(), e);
        }
    }
}
