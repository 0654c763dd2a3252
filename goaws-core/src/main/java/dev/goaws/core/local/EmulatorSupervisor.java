package dev.goaws.core.local;

import dev.goaws.core.Reporter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The local AWS under a running {@code goaws:up}: when moto exits and nobody stopped it (it crashed, ran out of
 * memory, was killed), {@code up} says so at once as an error with moto's last lines, and hands the message to
 * {@code onDeath}, which stops the local cloud cleanly.
 *
 * <p>Why a clean stop and not a restart: the emulator held the three stacks, the generated login and the table,
 * all in memory. A restarted moto is empty, so restoring means deploying the stacks again (a minute or more),
 * a new generated password and new tasks: that is a new {@code goaws:up}, and doing it behind the user's back
 * would hide a crash that may well come again (an emulator that ran out of memory will again). The table's items
 * are in the last snapshot ({@link TableSnapshotter}), which the next {@code up} restores.
 */
final class EmulatorSupervisor implements AutoCloseable {
    private volatile boolean stopping;

    private EmulatorSupervisor() {
    }

    /** Watches {@code moto} until {@link #close()}. */
    static EmulatorSupervisor watch(MotoServer moto, Reporter log, Consumer<String> onDeath) {
        EmulatorSupervisor supervisor = new EmulatorSupervisor();
        moto.process().onExit().thenRun(() -> {
            Thread report = new Thread(() -> {
                if (supervisor.stopping) {
                    return;
                }
                try {
                    moto.awaitOutput(Duration.ofSeconds(2)); // its last lines, before they are quoted
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (supervisor.stopping) {
                    return; // stopped by goaws:up itself while the lines were read
                }
                String tail = moto.tailText();
                String message = "The local AWS (moto at " + moto.endpoint() + ") " + moto.exitDescription()
                        + " under a running goaws:up: the stacks, the login and the table it held are gone."
                        + " goaws:up stops the local cloud now (a restarted emulator would be empty); the next"
                        + " goaws:up deploys again and restores the table's last saved items.";
                log.error(message + " moto's last lines:" + System.lineSeparator()
                        + (tail.isBlank() ? "    (none)" : tail));
                onDeath.accept(message);
            }, "goaws-emulator-exit");
            report.setDaemon(true);
            report.start();
        });
        return supervisor;
    }

    /** goaws:up stops the emulator itself from now on: its exit is no news. */
    @Override
    public void close() {
        stopping = true;
    }
}
