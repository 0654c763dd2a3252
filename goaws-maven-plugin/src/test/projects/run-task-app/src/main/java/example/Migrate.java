package example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * A migration-style one-off command: prints the names of the variables the task gives it (and, carelessly, the
 * password, which goaws must mask) and the memory limit it runs under, then ends with the exit code of its
 * argument: {@code 0} by default, {@code 3} fails, {@code forever} never ends.
 */
public final class Migrate {
    public static void main(String[] args) throws Exception {
        System.out.println("migration: environment " + String.join(",", new TreeSet<>(System.getenv().keySet())));
        System.out.println("migration: connecting with password " + System.getenv("GOAWS_PASSWORD"));
        for (String limit : new String[] {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
            if (Files.isReadable(Path.of(limit))) {
                System.out.println("migration: memory limit " + Files.readString(Path.of(limit)).trim());
                break;
            }
        }
        String outcome = args.length > 0 ? args[0] : "0";
        if (outcome.equals("forever")) {
            System.out.println("migration: waiting forever");
            Thread.sleep(Long.MAX_VALUE);
        }
        System.out.println("migration: done, exit " + outcome);
        System.exit(Integer.parseInt(outcome));
    }
}
