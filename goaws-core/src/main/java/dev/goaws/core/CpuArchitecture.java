package dev.goaws.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The CPU architecture Fargate runs the task on; the image must be built for it. */
public enum CpuArchitecture {
    /** Intel/AMD: Fargate's default, runs any amd64 image. */
    X86_64,
    /** AWS Graviton: about 20 % cheaper per vCPU-hour than X86_64; needs an arm64 (or multi-arch) image. */
    ARM64;

    public static CpuArchitecture parse(String value) {
        String wanted = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidSettingException("goaws.cpuArchitecture", "'" + value
                        + "' is not a Fargate CPU architecture. Allowed: " + Arrays.stream(values())
                        .map(Enum::name).collect(Collectors.joining(", ")) + "."));
    }
}
