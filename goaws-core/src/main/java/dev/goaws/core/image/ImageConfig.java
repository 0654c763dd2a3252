package dev.goaws.core.image;

import dev.goaws.core.ServiceSettings;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the app container runs, identical for the Dockerfile and the Jib image: one place decides the base
 * image, the JVM flags, the port and the (non-root) user, so both build paths produce the same container.
 */
public record ImageConfig(String baseImage, List<String> jvmFlags, int port, String user) {

    /** The Java release of the image when {@code goaws.javaVersion} is unset: the current LTS. */
    public static final int DEFAULT_JAVA_VERSION = 25;

    /** The releases {@code goaws.javaVersion} accepts: the LTS releases Temurin publishes JRE images of. */
    public static final List<Integer> JAVA_VERSIONS = List.of(17, 21, 25);

    /**
     * Temurin's JRE of {@link #DEFAULT_JAVA_VERSION} through the ECR Public mirror of Docker's official images (no
     * Docker Hub pull limits).
     */
    public static final String DEFAULT_BASE_IMAGE = defaultBaseImage(DEFAULT_JAVA_VERSION);

    /** Temurin's JRE image of {@code javaVersion} (a tag: pinned by digest when a start-up cache is trained). */
    public static String defaultBaseImage(int javaVersion) {
        return "public.ecr.aws/docker/library/eclipse-temurin:" + javaVersion + "-jre";
    }

    /** {@code goaws.javaVersion}, checked: null stays null (the default), else one of {@link #JAVA_VERSIONS}. */
    public static Integer requireJavaVersion(Integer javaVersion) {
        if (javaVersion != null && !JAVA_VERSIONS.contains(javaVersion)) {
            throw new InvalidSettingException("goaws.javaVersion", javaVersion + " is not a Java release goaws builds"
                    + " images for: use one of " + JAVA_VERSIONS + " (the app's bytecode level is the build's own"
                    + " and does not change), or leave it unset for " + DEFAULT_JAVA_VERSION + ".");
        }
        return javaVersion;
    }

    /**
     * The JVM sizes its heap from the container's memory limit (container support is on by default in 17):
     * 75 % leaves room for metaspace, threads and direct buffers in a 512 MiB task; an OutOfMemoryError ends
     * the process so ECS replaces the task instead of keeping a half-dead JVM.
     */
    public static final List<String> DEFAULT_JVM_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");

    /**
     * Only the C1 compiler: below one vCPU, C2's compilations compete with the requests for a quota of 25 or
     * 50 ms per 100 ms and take minutes to pay back. Measured on the sample app at 256 CPU units on Java 25 with the
     * AOT cache (docs/PERFORMANCE.md §4, the JIT sweep, bench/app-vs-go.sh): against tiered compilation with the
     * cache's method profiles, 2.5x the 401 path's throughput in the first 10 s, half the ready time and three
     * quarters of the memory; tiered serves more only from the first minute on (+24 % at 60 s, +63 % at 300 s). From
     * one vCPU on, where C2 pays back within the first minute, tiered compilation (the JVM's default) is kept.
     */
    public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /** The tarball of a {@code tar://} base image, or empty for a registry image. */
    public java.util.Optional<Path> baseImageTar() {
        return baseImage.startsWith(TAR_PREFIX) ? java.util.Optional.of(Path.of(baseImage.substring(TAR_PREFIX.length())))
                : java.util.Optional.empty();
    }

    /** {@code goaws.baseImage=jlink}: the base is made from a local JDK when the image is built ({@link JlinkBaseImage}). */
    public boolean jlinkBase() {
        return JlinkBaseImage.MODE.equals(baseImage);
    }

    /** This config on another base image (a {@code jlink} base once it is made, a tag once it is pinned). */
    public ImageConfig withBaseImage(String base) {
        return new ImageConfig(base, jvmFlags, port, user);
    }

    /** Fargate's CPU units of one vCPU. */
    public static final int ONE_VCPU = 1024;

    /**
     * Numeric and unprivileged (distroless's "nonroot" id): needs no /etc/passwd entry, so the Dockerfile and
     * Jib (which cannot RUN useradd) give the same image, and ECS can verify it is not root.
     */
    public static final String DEFAULT_USER = "65532:65532";

    /** Where the app lives in the container. */
    public static final String APP_DIR = "/app";

    private static final Pattern FLAG = Pattern.compile("-[\\w.:+=/,@%-]+");
    private static final Pattern USER = Pattern.compile("[1-9][0-9]{0,9}(:[1-9][0-9]{0,9})?");

    /** A base image from an image tarball (Docker archive or OCI layout tar): Jib only, for offline builds. */
    public static final String TAR_PREFIX = "tar://";

    public ImageConfig {
        try {
            if (JlinkBaseImage.MODE.equals(baseImage)) {
                // made from a local JDK when the image is built (JlinkBaseImage), then a tar:// base
            } else if (baseImage != null && baseImage.startsWith(TAR_PREFIX)) {
                Path tar = Path.of(baseImage.substring(TAR_PREFIX.length()));
                if (!tar.isAbsolute() || !Files.isRegularFile(tar)) {
                    throw new InvalidSettingException("goaws.baseImage", "'" + baseImage + "' names no image"
                            + " tarball: use tar://<absolute path of a docker save / OCI tar>.");
                }
            } else {
                ImageReference.parse(baseImage == null ? "" : baseImage);
            }
        } catch (InvalidImageReferenceException e) {
            throw new InvalidSettingException("goaws.baseImage", "'" + baseImage + "' is not an image reference."
                    + " Use e.g. " + DEFAULT_BASE_IMAGE + " (a JRE 17 or newer), tar://<image tarball> or jlink.");
        }
        jvmFlags = List.copyOf(jvmFlags);
        for (String flag : jvmFlags) {
            if (!FLAG.matcher(flag).matches()) {
                throw new InvalidSettingException("goaws.jvmFlags", "'" + flag + "' is not a JVM option: each flag"
                        + " starts with '-' and has no spaces or quotes, e.g. -XX:MaxRAMPercentage=75.");
            }
        }
        ServiceSettings.requireContainerPort(port);
        if (user == null || !USER.matcher(user).matches()) {
            throw new InvalidSettingException("goaws.imageUser", "'" + user + "' is not a non-root numeric"
                    + " user: use uid or uid:gid above 0, e.g. " + DEFAULT_USER + ".");
        }
    }

    public static ImageConfig defaults(int port) {
        return new ImageConfig(DEFAULT_BASE_IMAGE, DEFAULT_JVM_FLAGS, port, DEFAULT_USER);
    }

    /**
     * The default JVM flags for a task of {@code taskCpu} Fargate CPU units ({@code goaws.cpu}): {@link
     * #DEFAULT_JVM_FLAGS}, plus {@link #C1_ONLY} below one vCPU. The JVM already derives its processor count
     * (1 for a quarter, half or one vCPU) and so the serial GC from the container's CPU quota.
     */
    public static List<String> defaultJvmFlags(int taskCpu) {
        if (taskCpu >= ONE_VCPU) {
            return DEFAULT_JVM_FLAGS;
        }
        List<String> flags = new ArrayList<>(DEFAULT_JVM_FLAGS);
        flags.add(C1_ONLY);
        return List.copyOf(flags);
    }

    /** {@code goaws.jvmFlags} when set (blank: no flags at all), else {@link #defaultJvmFlags} for the task's CPU. */
    public static List<String> jvmFlags(String configured, int taskCpu) {
        return configured == null ? defaultJvmFlags(taskCpu) : parseJvmFlags(configured);
    }

    /** Splits a {@code goaws.jvmFlags} value at whitespace. */
    public static List<String> parseJvmFlags(String flags) {
        return flags == null || flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }

    /**
     * {@code java <flags> -jar /app/<jar>}: exec form, so the JVM is PID 1 and gets ECS's SIGTERM. It is the image's
     * command (CMD), not its entrypoint: a one-off task's command ({@code goaws:run-task}, ECS's command override,
     * {@code docker run <image> <command>}) replaces the whole process, e.g. with {@code java -cp /app/<jar> <main>}.
     */
    public List<String> command(String appJarName) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(APP_DIR + "/" + appJarName);
        return command;
    }

    /** The app's contract: it listens on {@code PORT}. */
    public Map<String, String> environment() {
        return Map.of("PORT", Integer.toString(port));
    }
}
