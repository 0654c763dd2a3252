package dev.goaws.core.image;

import dev.goaws.core.SettingChoice;
import java.util.function.BooleanSupplier;

/** Who turns the dist directory into an image ({@code goaws.imageBuilder}). */
public enum ImageBuilderMode {
    /** Docker if a daemon answers, else Jib. */
    AUTO,
    /** The cdk CLI builds the Dockerfile at deploy time (a CDK image asset): needs a running Docker daemon. */
    DOCKER,
    /** goaws builds and pushes the image itself with Jib: no Docker anywhere. */
    JIB;

    public static ImageBuilderMode parse(String value) {
        return SettingChoice.parse("goaws.imageBuilder", "an image builder", value, values(), SettingChoice::lowerCaseId,
                AUTO, "'docker': a Docker daemon builds the Dockerfile at deploy time; 'jib': no Docker needed; unset:"
                        + " docker when a daemon answers, else jib.");
    }

    /**
     * Decides; {@code daemonReachable} is asked only in {@link #AUTO} mode and only when no prebuilt image is
     * set, since probing costs a process start.
     */
    public BuildDecision decide(String prebuiltImage, BooleanSupplier daemonReachable) {
        if (prebuiltImage != null && !prebuiltImage.isBlank()) {
            return BuildDecision.PREBUILT;
        }
        return switch (this) {
            case DOCKER -> BuildDecision.DOCKER;
            case JIB -> BuildDecision.JIB;
            case AUTO -> daemonReachable.getAsBoolean() ? BuildDecision.DOCKER : BuildDecision.JIB;
        };
    }
}
