package dev.goaws.core;


/** The CPU architecture Fargate runs the task on; the image must be built for it. */
public enum CpuArchitecture {
    /** Intel/AMD: Fargate's default, runs any amd64 image. */
    X86_64,
    /** AWS Graviton: about 20 % cheaper per vCPU-hour than X86_64; needs an arm64 (or multi-arch) image. */
    ARM64;

    public static CpuArchitecture parse(String value) {
        return SettingChoice.parse("goaws.cpuArchitecture", "a Fargate CPU architecture", value, values(), Enum::name,
                null, "");
    }
}
