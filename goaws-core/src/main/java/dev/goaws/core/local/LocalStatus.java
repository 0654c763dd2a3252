package dev.goaws.core.local;

import dev.goaws.core.Reporter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code goaws:status -Dgoaws.local=true}: how the local cloud of this project is doing, from its
 * {@code local.json} (another Maven process keeps it current): whether its {@code up} runs, its URLs, the
 * service's tasks, restarts and last events, and the table's last save.
 */
public final class LocalStatus {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private LocalStatus() {
    }

    public static void report(Path outputDirectory, Reporter log) {
        Path file = Leftovers.stateFile(outputDirectory);
        Optional<LocalState> read;
        try {
            read = LocalState.read(file);
        } catch (IOException e) {
            throw new LocalAwsException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (read.isEmpty()) {
            log.info("No local cloud is running here (no " + file + "); start one with mvn goaws:up.");
            return;
        }
        LocalState state = read.get();
        Optional<LocalState.Proc> up = state.runningUp();
        if (up.isEmpty()) {
            log.warn("The goaws:up recorded in " + file + " no longer runs; 'mvn goaws:down' or the next goaws:up"
                    + " stops what it left behind. Its last recorded state:");
        } else {
            log.info("Local cloud: goaws:up runs (pid " + up.get().pid() + ", since " + time(up.get().startMillis())
                    + ")");
        }
        for (LocalState.Proc proc : state.processes()) {
            if (!proc.name().equals(LocalCloud.UP_PROCESS)) {
                log.info("  " + pad(proc.name()) + "pid " + proc.pid() + (proc.live().isPresent() ? ", running"
                        : ", not running"));
            }
        }
        if (state.appUrl() != null) {
            log.info("  App:      " + state.appUrl());
        }
        if (state.awsEndpoint() != null) {
            log.info("  AWS:      " + state.awsEndpoint());
        }
        LocalState.Service service = state.service();
        if (service != null) {
            log.info("  Service:  " + service.name() + ", desired " + service.desiredCount() + ", running "
                    + service.running().size() + " (tasks " + service.running() + "), restarts " + service.restarts()
                    + (state.containers().isEmpty() ? "" : ", containers " + state.containers()));
            List<String> events = service.events();
            for (int i = 0; i < events.size(); i++) {
                log.info((i == 0 ? "  Events:   " : "            ") + events.get(i));
            }
        }
        LocalState.Snapshot snapshot = state.snapshot();
        if (snapshot != null) {
            log.info("  Table:    " + snapshot.items() + " item(s) of " + snapshot.table() + " saved at "
                    + time(snapshot.savedAt()) + " to " + snapshot.file() + " (checked every "
                    + snapshot.everySeconds() + " s, written when it changed)");
        }
    }

    private static String pad(String name) {
        String label = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1) + ":";
        return label.length() >= 10 ? label + " " : label + " ".repeat(10 - label.length());
    }

    private static String time(long epochMillis) {
        return epochMillis == 0 ? "?" : LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault())
                .format(TIME);
    }

    private static String time(String instant) {
        try {
            return time(Instant.parse(instant).toEpochMilli());
        } catch (DateTimeParseException | NullPointerException e) {
            return String.valueOf(instant);
        }
    }
}
