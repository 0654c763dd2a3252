package dev.goaws.core;

import java.nio.file.Path;

/**
 * The layout of goaws's output folder ({@code goaws.outputDirectory}, by default {@code target/goaws}): the one
 * place that knows where each file lives, so goals that write and goals that read agree.
 */
public record Workspace(Path root) {

    /** The synthesized cloud assembly, {@code cdk.out}. */
    public Path assembly() {
        return root.resolve("cdk.out");
    }

    /** The CI stack's own assembly ({@code goaws:deploy-ci}), beside the architecture's. */
    public Path ciAssembly() {
        return root.resolve("ci.out");
    }

    /** The stacks' outputs as the cdk CLI writes them after a deploy. */
    public Path outputsFile() {
        return root.resolve("outputs.json");
    }

    /** Jib's base-image and layer cache when the user names none. */
    public Path jibCache() {
        return root.resolve("jib-cache");
    }

    /** Where {@code goaws:up} records what it started, for {@code goaws:down}, {@code status} and a second up. */
    public Path localState() {
        return root.resolve("local.json");
    }

    /** The local cloud's working folder (the emulator's files, the image tarball, logs, saved items). */
    public Path local() {
        return root.resolve("local");
    }

    /** One output file per local task ({@code task-N.log}), read by {@code goaws:logs -Dgoaws.local=true}. */
    public Path localTasks() {
        return local().resolve("tasks");
    }

    /** The local load balancer's access log. */
    public Path localAccessLog() {
        return local().resolve("access.log");
    }

    /**
     * The table's items saved by the local cloud for the next {@code up} (the save before it beside it, as
     * {@code table-items.previous.json}).
     */
    public Path savedTableItems() {
        return local().resolve("table-items.json");
    }

    /** The log of the guard that stops the local cloud's processes when {@code up}'s JVM dies. */
    public Path localGuardLog() {
        return local().resolve("guard.log");
    }

    /** The app's image as a tarball for the container engine to load. */
    public Path localImageTar() {
        return local().resolve("app-image.tar");
    }
}
