package dev.goaws.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core's shape, checked on its bytecode: a library that stands without Maven, in layers without cycles. */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        // The module's own classes only (its test classes live elsewhere).
        core = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("dev.goaws.core.(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void theCoreDoesNotUseTheMavenApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..",
                "org.eclipse.aether..").check(core);
    }

    @Test
    void theRootPackageIsTheBottomLayer() {
        // Settings, the exception family and small value types: every package may use them, they use none.
        noClasses().that().resideInAPackage("dev.goaws.core").should().dependOnClassesThat()
                .resideInAPackage("dev.goaws.core.(*)..").check(core);
    }

    @Test
    void theContainerEngineAndTheProcessRunnerKnowNothingOfAws() {
        noClasses().that().resideInAnyPackage("dev.goaws.core.engine..", "dev.goaws.core.process..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "dev.goaws.core.deploy..",
                        "dev.goaws.core.local..", "dev.goaws.core.image..")
                .check(core);
    }
}
