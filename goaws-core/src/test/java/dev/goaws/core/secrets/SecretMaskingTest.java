package dev.goaws.core.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {

    @Test
    void secretValuesAreMaskedInEveryLine() {
        List<String> out = new ArrayList<>();
        Consumer<String> masking = SecretMasking.masking(List.of("generated-password-1", "another-secret-value"),
                out::add);
        masking.accept("login with generated-password-1 and generated-password-1");
        masking.accept("token=another-secret-value;");
        masking.accept("nothing secret here");
        assertEquals(List.of("login with **** and ****", "token=****;", "nothing secret here"), out);
    }

    @Test
    void shortValuesAreNotMaskedInsideOtherWords() {
        // A user name such as "goaws" is not a secret and would otherwise turn "goaws-table-1" into "****-table-1".
        List<String> out = new ArrayList<>();
        SecretMasking.masking(List.of("goaws"), out::add).accept("table goaws-table-1");
        assertEquals(List.of("table goaws-table-1"), out);
    }
}
