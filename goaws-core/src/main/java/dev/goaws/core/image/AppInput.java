package dev.goaws.core.image;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code build-app} packages.
 *
 * @param jar          the app's jar: a shaded (fat) jar, or a plain one
 * @param dependencies the app's runtime dependency jars, when known (the Maven project's resolved artifacts);
 *                     empty for a foreign jar, which is then taken as it is (plus its manifest Class-Path)
 * @param ownClasses   the app's own compiled classes ({@code target/classes}), or null: entries found there stay
 *                     in the app jar even if a dependency has an entry of the same name
 * @param mainClass    the class to run, or null to take the jar manifest's {@code Main-Class}
 * @param assets       a directory of static files shipped beside the jar (to {@code /app/assets}), or null
 * @param packageHint  the command that produces {@code jar}, for the error when it is missing
 */
public record AppInput(Path jar, List<Path> dependencies, Path ownClasses, String mainClass, Path assets,
        String packageHint) {
    public AppInput {
        dependencies = List.copyOf(dependencies);
    }
}
