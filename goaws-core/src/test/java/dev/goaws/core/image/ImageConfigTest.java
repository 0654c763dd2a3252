package dev.goaws.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.goaws.core.InvalidSettingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageConfigTest {

    @Test
    void belowOneVcpuTheDefaultFlagsStopAtC1() {
        List<String> quarter = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1");
        assertEquals(quarter, ImageConfig.defaultJvmFlags(256));
        assertEquals(quarter, ImageConfig.defaultJvmFlags(512));
        assertEquals(quarter, ImageConfig.jvmFlags(null, 256), "unset goaws.jvmFlags: the defaults of the task size");
    }

    @Test
    void fromOneVcpuTheJvmKeepsTieredCompilation() {
        assertEquals(ImageConfig.DEFAULT_JVM_FLAGS, ImageConfig.defaultJvmFlags(1024));
        assertEquals(ImageConfig.DEFAULT_JVM_FLAGS, ImageConfig.defaultJvmFlags(4096));
        assertEquals(ImageConfig.DEFAULT_JVM_FLAGS, ImageConfig.jvmFlags(null, 2048));
    }

    @Test
    void configuredFlagsReplaceTheDefaultsWhateverTheTaskSize() {
        assertEquals(List.of("-Xmx300m", "-XX:+UseSerialGC"), ImageConfig.jvmFlags(" -Xmx300m  -XX:+UseSerialGC ", 256));
        assertEquals(List.of(), ImageConfig.jvmFlags("", 256), "blank: no flags at all");
        ImageConfig c1 = new ImageConfig(ImageConfig.DEFAULT_BASE_IMAGE, ImageConfig.jvmFlags(null, 256), 8080,
                ImageConfig.DEFAULT_USER);
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
                "-jar", "/app/app.jar"), c1.command("app.jar"));
    }

    @Test
    void aConfiguredFlagThatIsNoJvmOptionNamesTheParameter() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new ImageConfig(
                ImageConfig.DEFAULT_BASE_IMAGE, ImageConfig.jvmFlags("TieredStopAtLevel=1", 256), 8080, ImageConfig.DEFAULT_USER));
        assertEquals("goaws.jvmFlags", e.setting());
    }
}
