package dev.goaws.core.local;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class runs against moto, started through the product's own {@link MotoServer} (goaws's
 * launcher and its patches, as {@code goaws:up} starts it): a {@link Moto} parameter of a test, lifecycle method or
 * constructor gets the running emulator. Tagged {@value Moto#TAG}, so it runs in the integration-test phase
 * (docs/TESTING.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(Moto.TAG)
@ExtendWith(Moto.Extension.class)
public @interface WithMoto {
    /**
     * {@code false} (the default): the one moto every such class in this JVM shares, so each class must name what
     * it creates on its own (stacks, tables, secrets). {@code true}: a moto of the class's own, started for its
     * first test and stopped after its last, for tests that deploy fixed names or need an empty account.
     */
    boolean own() default false;
}
