package io.tunstack.device;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device module's place in the module layering drawn in docs/ARCHITECTURE.md ("Layering"): it sits beside the
 * stack, under the app, and imports neither.
 */
class LayeringTest {

    private static JavaClasses device;

    @BeforeAll
    static void importMainClasses() {
        device = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tunstack.device");
    }

    @Test
    void deviceImportsNothingOfStack() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.tunstack.stack..")
                .because("the device moves bytes between the kernel and buffers; what the bytes mean is the stack's")
                .check(device);
    }

    @Test
    void deviceImportsNothingOfApp() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.tunstack.app..")
                .because("the app drives the device; the device never calls back into the app")
                .check(device);
    }
}
