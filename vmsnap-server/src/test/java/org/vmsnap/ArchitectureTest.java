package org.vmsnap;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rule of STYLE.md, held by the normal build. */
class ArchitectureTest {
    private static final String[] CORE = {
        "org.vmsnap.access..",
        "org.vmsnap.inventory..",
        "org.vmsnap.task..",
        "org.vmsnap.snapshot..",
        "org.vmsnap.runtime",
        "org.vmsnap.runtime.spi..",
        "org.vmsnap.settings..",
        "org.vmsnap.request.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("org.vmsnap");
    }

    @Test
    void topLevelModulesAreFreeOfCycles() {
        slices().matching("org.vmsnap.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void driverContractDoesNotKnowItsDrivers() {
        noClasses()
                .that()
                .resideInAPackage("org.vmsnap.storage.spi..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.vmsnap.storage.qcow2..")
                .check(classes);
    }

    @Test
    void coreModulesKnowNeitherDriversNorFrontDoorsNorWiring() {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.vmsnap.storage.qcow2..",
                        "org.vmsnap.qemu..",
                        "org.vmsnap.runtime.qemu..",
                        "org.vmsnap.api..",
                        "org.vmsnap.config..")
                .check(classes);
    }

    @Test
    void danubeFacadeIsIndependentOfOtherFacades() {
        noClasses()
                .that()
                .resideInAPackage("org.vmsnap.api.danube..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("org.vmsnap.api..").and(not(resideInAPackage("org.vmsnap.api.danube.."))))
                .check(classes);
    }

    @Test
    void cloudSigmaFacadeCallsOnlyCoreServices() {
        noClasses()
                .that()
                .resideInAPackage("org.vmsnap.api.cloudsigma..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.vmsnap.storage..", "org.vmsnap.task..", "org.vmsnap.persistence..")
                .check(classes);
    }

    @Test
    void frontDoorsDoNotDependOnEachOther() {
        slices().matching("org.vmsnap.api.(*)..")
                .should()
                .notDependOnEachOther()
                .check(classes);
    }

    @Test
    void frontDoorsDoNotTouchTheDatabase() {
        noClasses()
                .that()
                .resideInAnyPackage("org.vmsnap.api..", "org.vmsnap.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework.jdbc..")
                .check(classes);
    }

    @Test
    void frontDoorsNeverTalkToStorage() {
        noClasses()
                .that()
                .resideInAPackage("org.vmsnap.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.vmsnap.storage..")
                .check(classes);
    }

    @Test
    void storageNeverTouchesTheDatabase() {
        noClasses()
                .that()
                .resideInAPackage("org.vmsnap.storage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.jdbc..", "javax.sql..")
                .check(classes);
    }

    @Test
    void sharedKernelIsFreeOfSpring() {
        noClasses()
                .that()
                .resideInAPackage("org.vmsnap.shared..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(classes);
    }
}
