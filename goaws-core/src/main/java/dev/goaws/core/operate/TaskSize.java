package dev.goaws.core.operate;

import dev.goaws.core.ServiceSettings;
import dev.goaws.core.InvalidSettingException;

/**
 * A one-off task's size: the task definition's CPU and memory, or {@code goaws.cpu} / {@code goaws.memory} in their
 * place. The result must be a size Fargate offers.
 *
 * @param cpu       Fargate CPU units
 * @param memoryMiB MiB
 */
record TaskSize(int cpu, int memoryMiB) {

    /** Refuses values no task could have, before anything is called (the pair is checked against the task's). */
    static void check(Integer cpu, Integer memoryMiB) {
        if (cpu != null && cpu <= 0) {
            throw new InvalidSettingException("goaws.cpu", "cpu=" + cpu + ": give Fargate CPU units, e.g. 256, 512,"
                    + " 1024 (1 vCPU), or leave it unset for the task definition's.");
        }
        if (memoryMiB != null && memoryMiB <= 0) {
            throw new InvalidSettingException("goaws.memory", "memory=" + memoryMiB + ": give MiB, e.g. 512, 1024,"
                    + " or leave it unset for the task definition's.");
        }
    }

    /** The overrides over the task definition's size; refused when Fargate offers no such size. */
    static TaskSize of(Integer cpu, Integer memoryMiB, int taskCpu, int taskMemoryMiB) {
        check(cpu, memoryMiB);
        TaskSize size = new TaskSize(cpu == null ? taskCpu : cpu, memoryMiB == null ? taskMemoryMiB : memoryMiB);
        try {
            ServiceSettings.requireFargateSize(size.cpu, size.memoryMiB);
        } catch (InvalidSettingException e) {
            String setting = cpu != null && memoryMiB == null ? "goaws.cpu" : e.setting();
            throw new InvalidSettingException(setting, e.getMessage() + (cpu == null || memoryMiB == null
                    ? " (The task definition runs " + taskCpu + " CPU / " + taskMemoryMiB + " MiB; set goaws.cpu and"
                    + " goaws.memory together to change the size.)" : ""));
        }
        return size;
    }

    boolean differsFrom(int taskCpu, int taskMemoryMiB) {
        return cpu != taskCpu || memoryMiB != taskMemoryMiB;
    }

    @Override
    public String toString() {
        return cpu + " CPU / " + memoryMiB + " MiB";
    }
}
