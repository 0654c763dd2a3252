package dev.goaws.core.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.InvalidSettingException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskCommandTest {

    @Test
    void aValueWithACommaIsTheExecFormWordForWord() {
        TaskCommand command = TaskCommand.parse("java,-cp,/app/app.jar,com.acme.Migrate", "goaws.command");
        assertEquals(List.of("java", "-cp", "/app/app.jar", "com.acme.Migrate"), command.argv());
        assertFalse(command.shell());
        assertEquals(List.of("java", "-jar", "app.jar"), TaskCommand.parse(" java , -jar,app.jar ", "goaws.command").argv(),
                "spaces around the words are dropped");
    }

    @Test
    void anEscapedCommaStaysInItsWord() {
        assertEquals(List.of("sh", "-c", "echo a, b"), TaskCommand.parse("sh,-c,echo a\\, b", "goaws.command").argv());
    }

    @Test
    void aValueWithSpacesAndNoCommaIsAShellString() {
        TaskCommand command = TaskCommand.parse("  ./migrate.sh && echo done ", "goaws.command");
        assertEquals(List.of("sh", "-c", "./migrate.sh && echo done"), command.argv());
        assertTrue(command.shell());
        assertEquals("./migrate.sh && echo done", command.display());
    }

    @Test
    void aSingleWordIsItsOwnCommand() {
        assertEquals(List.of("env"), TaskCommand.parse("env", "goaws.command").argv());
    }

    @Test
    void blankMeansTheContainersOwnCommand() {
        assertNull(TaskCommand.parse(null, "goaws.command"));
        assertNull(TaskCommand.parse("  ", "goaws.command"));
    }

    @Test
    void anEmptyWordNamesTheSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TaskCommand.parse("java,,-jar", "goaws.command"));
        assertEquals("goaws.command", e.setting());
        assertTrue(e.getMessage().contains("empty word"), e.getMessage());
    }

    @Test
    void timeoutsAreMinutesOrANumberWithAUnit() {
        assertEquals(Duration.ofMinutes(30), TaskCommand.parseTimeout("30", "goaws.timeout"));
        assertEquals(Duration.ofSeconds(90), TaskCommand.parseTimeout("90s", "goaws.timeout"));
        assertEquals(Duration.ofMinutes(45), TaskCommand.parseTimeout("45m", "goaws.timeout"));
        assertEquals(Duration.ofHours(2), TaskCommand.parseTimeout(" 2H ", "goaws.timeout"));
        for (String bad : new String[] {"0", "-5", "ten", "5d", "", null}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> TaskCommand.parseTimeout(bad, "goaws.timeout"), bad);
            assertEquals("goaws.timeout", e.setting());
        }
        assertEquals("20 s", TaskCommand.describe(Duration.ofSeconds(20)));
        assertEquals("30 min", TaskCommand.describe(Duration.ofMinutes(30)));
        assertEquals("90 s", TaskCommand.describe(Duration.ofSeconds(90)));
    }
}
