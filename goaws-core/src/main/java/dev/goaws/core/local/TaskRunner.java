package dev.goaws.core.local;

import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.deploy.DeployedTask;

import dev.goaws.core.process.ProcessRunner;
import dev.goaws.core.secrets.SecretMask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** How a local task runs: the deployed image in a container engine, or the app's jar as a JVM. */
sealed interface TaskRunner {

    /** The image reference the container stack is deployed with. */
    String image();

    /**
     * Starts task {@code number} with {@code environment}; its output lines go to {@code output}, masked by
     * {@code mask} before they are kept or handed on.
     */
    ProcessRunner.Running start(int number, DeployedTask task, Map<String, String> environment, SecretMask mask,
            Consumer<String> output);

    /** How many tasks run: the service's desired count in containers. */
    int taskCount(DeployedTask task);

    String describe(DeployedTask task);

    /** The deployed image, each task in its own container with the task's CPU and memory as hard limits. */
    /**
     * @param namePrefix what this project's container names start with ({@link LocalCloud#containerNamePrefix}): two
     *                   projects' local clouds on one machine never remove each other's tasks
     */
    record Containers(ContainerEngine engine, String image, String namePrefix) implements TaskRunner {
        @Override
        public ProcessRunner.Running start(int number, DeployedTask task, Map<String, String> environment,
                SecretMask mask, Consumer<String> output) {
            String name = containerName(number);
            engine.remove(List.of(name)); // a leftover of this project's killed run would block the name
            return engine.run(name, task, environment, mask, output);
        }

        String containerName(int number) {
            return namePrefix + number;
        }

        @Override
        public int taskCount(DeployedTask task) {
            return task.desiredCount();
        }

        @Override
        public String describe(DeployedTask task) {
            return task.desiredCount() + " container(s) of " + task.image() + " in " + engine.name() + ", "
                    + task.cpus() + " CPU / " + task.memoryMiB() + " MiB each, user "
                    + (task.user() == null ? "of the image" : task.user()) + " (task definition " + task.taskDefinition()
                    + ")";
        }
    }

    /**
     * The app's jar as one JVM on this machine: no container engine or no image. The task definition still
     * gives the environment and the secrets; CPU and memory limits do not apply.
     */
    record Jvm(Path jar, String image) implements TaskRunner {
        @Override
        public ProcessRunner.Running start(int number, DeployedTask task, Map<String, String> environment,
                SecretMask mask, Consumer<String> output) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Map<String, String> env = new java.util.HashMap<>(environment);
            // The JVM inherits Maven's environment: no credentials of a real account may reach it.
            env.putIfAbsent("AWS_SESSION_TOKEN", null);
            env.putIfAbsent("AWS_PROFILE", null);
            try {
                return ProcessRunner.start(new ArrayList<>(List.of(java, "-jar", jar.toString())), env,
                        jar.getParent(), mask, output);
            } catch (ProcessRunner.ProcessException e) {
                throw new LocalAwsException("Cannot start the app: " + e.getMessage(), e);
            }
        }

        @Override
        public int taskCount(DeployedTask task) {
            return 1;
        }

        @Override
        public String describe(DeployedTask task) {
            return "1 JVM running " + jar.getFileName() + " (JVM mode: not the image, no CPU or memory limit"
                    + (task.desiredCount() > 1 ? "; the service's " + task.desiredCount() + " tasks need containers"
                    : "") + ")";
        }
    }
}
