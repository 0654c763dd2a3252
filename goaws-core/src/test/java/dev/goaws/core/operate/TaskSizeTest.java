package dev.goaws.core.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.InvalidSettingException;
import org.junit.jupiter.api.Test;

class TaskSizeTest {

    @Test
    void withoutOverridesTheTaskDefinitionsSize() {
        TaskSize size = TaskSize.of(null, null, 256, 512);
        assertEquals(new TaskSize(256, 512), size);
        assertFalse(size.differsFrom(256, 512));
    }

    @Test
    void overridesWithinFargatesSizes() {
        assertEquals(new TaskSize(1024, 2048), TaskSize.of(1024, 2048, 256, 512));
        assertEquals(new TaskSize(256, 2048), TaskSize.of(null, 2048, 256, 512), "memory alone, within 256's range");
        assertTrue(TaskSize.of(512, 1024, 256, 512).differsFrom(256, 512));
    }

    @Test
    void aSizeFargateDoesNotOfferNamesTheSettingAndTheTasksSize() {
        InvalidSettingException cpu = assertThrows(InvalidSettingException.class, () -> TaskSize.of(300, null, 256, 512));
        assertEquals("goaws.cpu", cpu.setting());
        InvalidSettingException alone = assertThrows(InvalidSettingException.class,
                () -> TaskSize.of(1024, null, 256, 512));
        assertEquals("goaws.cpu", alone.setting(), "the CPU alone does not fit the task's 512 MiB");
        assertTrue(alone.getMessage().contains("The task definition runs 256 CPU / 512 MiB; set goaws.cpu and"
                + " goaws.memory together"), alone.getMessage());
        InvalidSettingException memory = assertThrows(InvalidSettingException.class,
                () -> TaskSize.of(256, 4096, 256, 512));
        assertEquals("goaws.memory", memory.setting());
        assertThrows(InvalidSettingException.class, () -> TaskSize.check(0, null));
        assertThrows(InvalidSettingException.class, () -> TaskSize.check(null, -1));
    }
}
