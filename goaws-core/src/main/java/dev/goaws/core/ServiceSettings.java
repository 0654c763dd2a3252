package dev.goaws.core;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Fargate service: the app's port and login name, the task's size and architecture, how many tasks run and
 * how they scale, and the load balancer's health check. Validates itself on creation.
 *
 * @param minTasks the fewest tasks autoscaling keeps (resolved: never null)
 * @param maxTasks the most tasks autoscaling starts (resolved: never null)
 * @param exec     {@code goaws.exec}: ECS Exec on the service (the task role gets the ssmmessages actions)
 */
public record ServiceSettings(int containerPort, int cpu, int memoryMiB, int desiredCount, int minTasks,
        int maxTasks, int cpuTarget, CpuArchitecture cpuArchitecture, String healthCheckPath, String appUsername,
        boolean exec) {
    public static final int DEFAULT_CONTAINER_PORT = 8080;
    public static final int DEFAULT_CPU = 256;
    public static final int DEFAULT_MEMORY_MIB = 512;
    public static final int DEFAULT_DESIRED_COUNT = 1;
    /** Upper bound of {@code maxTasks} when it is not set and desiredCount is smaller. */
    public static final int DEFAULT_MAX_TASKS = 4;
    public static final int DEFAULT_CPU_TARGET = 70;
    public static final String DEFAULT_CPU_ARCHITECTURE = "X86_64";
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/";
    public static final String DEFAULT_APP_USERNAME = "goaws";

    /** Fargate's accepted memory (MiB) per CPU unit value: {min, max, step}. */
    private static final Map<Integer, int[]> FARGATE_MEMORY = Map.of(
            256, new int[] {512, 2048, 512},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    // The path part of an ALB health check: printable ASCII without spaces, starting with '/'.
    private static final Pattern HEALTH_CHECK_PATH = Pattern.compile("/[\\x21-\\x7E]{0,1023}");

    // Last: the defaults are validated like any other value, with the patterns above.
    public static final ServiceSettings DEFAULTS = of(DEFAULT_CONTAINER_PORT, DEFAULT_CPU, DEFAULT_MEMORY_MIB,
            DEFAULT_DESIRED_COUNT, null, null, DEFAULT_CPU_TARGET, CpuArchitecture.parse(DEFAULT_CPU_ARCHITECTURE),
            DEFAULT_HEALTH_CHECK_PATH, DEFAULT_APP_USERNAME, false);

    /**
     * @param minTasks null: the desired count
     * @param maxTasks null: {@value #DEFAULT_MAX_TASKS}, or the desired count when that is larger
     */
    public static ServiceSettings of(int containerPort, int cpu, int memoryMiB, int desiredCount, Integer minTasks,
            Integer maxTasks, int cpuTarget, CpuArchitecture cpuArchitecture, String healthCheckPath,
            String appUsername, boolean exec) {
        int min = minTasks == null ? desiredCount : minTasks;
        int max = maxTasks == null ? Math.max(DEFAULT_MAX_TASKS, Math.max(desiredCount, min)) : maxTasks;
        return new ServiceSettings(containerPort, cpu, memoryMiB, desiredCount, min, max, cpuTarget,
                cpuArchitecture, healthCheckPath, appUsername, exec);
    }

    public ServiceSettings {
        requireContainerPort(containerPort);
        requireFargateSize(cpu, memoryMiB);
        Settings.require("goaws.desiredCount", desiredCount >= 1 && desiredCount <= 100,
                "desiredCount=" + desiredCount + ": run 1 to 100 tasks.");
        Settings.require("goaws.appUsername", appUsername != null && USERNAME.matcher(appUsername).matches(),
                "The app's login name must be 1-64 letters, digits, '_', '.' or '-'.");
        Settings.require("goaws.minTasks", minTasks >= 1 && minTasks <= desiredCount,
                "minTasks=" + minTasks + ": the service needs at least 1 task and at most desiredCount="
                        + desiredCount + " as its minimum (raise desiredCount too, or lower minTasks).");
        Settings.require("goaws.maxTasks", maxTasks >= desiredCount && maxTasks <= 100,
                "maxTasks=" + maxTasks + ": autoscaling needs desiredCount=" + desiredCount
                        + " <= maxTasks <= 100 (set maxTasks = minTasks to turn autoscaling off).");
        Settings.require("goaws.cpuTarget", cpuTarget >= 10 && cpuTarget <= 90,
                "cpuTarget=" + cpuTarget + "% is not a useful CPU target: use 10 to 90 (percent of the"
                        + " task's CPU, averaged over the service).");
        Settings.require("goaws.cpuArchitecture", cpuArchitecture != null,
                "Set the CPU architecture: X86_64 or ARM64.");
        requireHealthCheckPath(healthCheckPath);
    }

    /** The health check's path, checked where the stacks and the start-up cache's training run take it. */
    public static void requireHealthCheckPath(String healthCheckPath) {
        Settings.require("goaws.healthCheckPath", healthCheckPath != null
                        && HEALTH_CHECK_PATH.matcher(healthCheckPath).matches(),
                "'" + healthCheckPath + "' is not a health-check path: start with '/', no spaces, at most"
                        + " 1024 characters, e.g. '/ping'.");
    }

    /**
     * Refuses a task size Fargate does not offer: {@code cpu} units (256 ... 16384) and {@code memoryMiB} in the range
     * and steps Fargate accepts for that CPU size (also a one-off task's size). Names {@code goaws.cpu} or
     * {@code goaws.memory}.
     */
    public static void requireFargateSize(int cpu, int memoryMiB) {
        int[] memory = FARGATE_MEMORY.get(cpu);
        Settings.require("goaws.cpu", memory != null, "cpu=" + cpu + " is not a Fargate CPU size. Allowed: "
                + new TreeSet<>(FARGATE_MEMORY.keySet()) + " (1024 = 1 vCPU).");
        Settings.require("goaws.memory", memoryMiB >= memory[0] && memoryMiB <= memory[1]
                        && (memoryMiB - memory[0]) % memory[2] == 0,
                "memory=" + memoryMiB + " MiB does not fit cpu=" + cpu + ". Fargate accepts " + memory[0]
                        + " to " + memory[1] + " MiB in steps of " + memory[2] + " for that CPU size.");
    }

    /** The app's port, checked where the stacks and the image take it. */
    public static void requireContainerPort(int port) {
        Settings.require("goaws.containerPort", port >= 1 && port <= 65535,
                "containerPort=" + port + " is not a TCP port: use 1-65535.");
    }

    /** True when the service scales between {@link #minTasks()} and {@link #maxTasks()}. */
    public boolean autoscaling() {
        return maxTasks > minTasks;
    }
}
