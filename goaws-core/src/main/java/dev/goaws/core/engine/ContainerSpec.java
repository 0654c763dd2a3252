package dev.goaws.core.engine;

import java.util.List;

/** What the engine needs to run one task's container at its size; a deployed task definition is one. */
public interface ContainerSpec {
    String image();

    /** The container's user, or null/blank for the image's own. */
    String user();

    List<String> entryPoint();

    List<String> command();

    /** The CPU limit as the engine takes it ({@code --cpus}), e.g. {@code 0.25}. */
    String cpus();

    int memoryMiB();

    /** Fargate's CPU units as the engine's {@code --cpus}: units / 1024, e.g. 256 as {@code 0.25}. */
    static String cpusOf(int cpuUnits) {
        return java.math.BigDecimal.valueOf(cpuUnits).divide(java.math.BigDecimal.valueOf(1024)).stripTrailingZeros()
                .toPlainString();
    }
}
