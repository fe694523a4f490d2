package io.cirstream.schemas;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The bottom module: no package cycles, and no use of any other cirstream module. (The other modules check the same
 * with core's {@code ArchitectureRules}, which this module cannot see.)
 */
class ArchitectureTest {

    @Test
    void packagesFormNoCycleAndUseNoOtherModule() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.cirstream.schemas");
        assertThat(classes).isNotEmpty();
        slices().matching("io.cirstream.(**)").should().beFreeOfCycles().check(classes);
        noClasses()
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.cirstream..").and(not(resideInAPackage("io.cirstream.schemas.."))))
                .check(classes);
    }
}
