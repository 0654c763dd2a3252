package dev.goaws.core.image;

import java.util.Optional;

/**
 * The start-up cache a training run writes into the image, by the Java release of the image's JVM: the JVM then
 * maps the app's classes, already parsed and linked, instead of loading them from the jars at every start. Either
 * only fits the JVM build and the class path that wrote it, so it is made by a run of the very image that ships.
 */
public enum StartupCache {
    /**
     * JDK 13–24: an AppCDS archive of the classes the training run loaded, on top of the runtime's own CDS archive
     * ({@code lib/server/classes.jsa}), written when the JVM exits.
     */
    APP_CDS("app.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", "AppCDS archive"),
    /**
     * JDK 25+: the ahead-of-time cache (JEP 483: classes loaded and linked; JEP 514: made in one run; JEP 515:
     * with the training run's method profiles, so the JIT need not start from nothing). At exit the JVM starts a
     * second one that assembles the cache.
     */
    AOT("app.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=", "AOT cache");

    private final String fileName;
    private final String trainingFlag;
    private final String useFlag;
    private final String description;

    StartupCache(String fileName, String trainingFlag, String useFlag, String description) {
        this.fileName = fileName;
        this.trainingFlag = trainingFlag;
        this.useFlag = useFlag;
        this.description = description;
    }

    /** What a JVM of {@code javaFeature} can use: empty before JDK 13 (no archive written at exit). */
    public static Optional<StartupCache> forJava(int javaFeature) {
        if (javaFeature >= 25) {
            return Optional.of(AOT);
        }
        return javaFeature >= 13 ? Optional.of(APP_CDS) : Optional.empty();
    }

    /** Its file in {@code dist/app/} and in the image's {@link ImageConfig#APP_DIR}. */
    public String fileName() {
        return fileName;
    }

    /** The training run's flag that writes it to {@code path}. */
    public String trainingFlag(String path) {
        return trainingFlag + path;
    }

    /**
     * The entrypoint's flag that maps it. A cache that does not fit (another JVM build or class path) is ignored
     * by the JVM with a warning ({@code -Xshare:auto}, {@code -XX:AOTMode=auto}): a stale one costs the gain, never
     * the start.
     */
    public String useFlag() {
        return useFlag + ImageConfig.APP_DIR + "/" + fileName;
    }

    public String description() {
        return description;
    }
}
