package dev.goaws.maven;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Mojos are thin: they read parameters and call the core's entry points. Talking to AWS or the CDK, starting
 * processes or building constructs is the core's job, where it is testable without Maven.
 */
class MojoArchitectureTest {
    private static final JavaClasses MOJOS = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void mojosCallTheCoreNotAwsTheCdkOrProcesses() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "software.constructs..",
                        "com.google.cloud.tools.jib..", "dev.goaws.core.process..", "dev.goaws.core.stacks..")
                .because("a Mojo reads parameters, calls a core entry point and maps its exceptions")
                .check(MOJOS);
    }
}
