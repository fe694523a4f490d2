package io.cirstream.core.testkit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The build's architecture rules, checked by one test in every module ({@code ArchitectureTest}) on that module's
 * main classes: no package cycles, and a module uses only the modules below it. The services (ingest, query,
 * trainer) never use each other, nor demo (the synthetic catalogue and the in-JVM broker, which their tests use);
 * only the standalone launcher sees all of them.
 */
public final class ArchitectureRules {

    /** The modules, bottom to top, each with its root package and the modules it may use. */
    public enum Module {
        SCHEMAS("io.cirstream.schemas"),
        CORE("io.cirstream.core", SCHEMAS),
        /** The synthetic catalogue, catalogue event files and the in-JVM broker: for standalone and the services' tests. */
        DEMO("io.cirstream.demo", CORE, SCHEMAS),
        INGEST("io.cirstream.ingest", CORE, SCHEMAS),
        QUERY("io.cirstream.query", CORE, SCHEMAS),
        TRAINER("io.cirstream.trainer", CORE, SCHEMAS),
        STANDALONE("io.cirstream.standalone", CORE, SCHEMAS, DEMO, INGEST, QUERY, TRAINER);

        private final String rootPackage;
        private final Module[] uses;

        Module(String rootPackage, Module... uses) {
            this.rootPackage = rootPackage;
            this.uses = uses;
        }

        /** The module's root package, e.g. {@code io.cirstream.core}. */
        public String rootPackage() {
            return rootPackage;
        }
    }

    private ArchitectureRules() {}

    /** The module's main classes (its test classes left out). */
    public static JavaClasses mainClasses(Module module) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(module.rootPackage);
        if (classes.isEmpty()) {
            throw new IllegalStateException("no main classes found under " + module.rootPackage);
        }
        return classes;
    }

    /** No cycle between the packages: every package of {@code io.cirstream} is a slice of its own. */
    public static ArchRule noPackageCycles() {
        return slices().matching("io.cirstream.(**)")
                .should()
                .beFreeOfCycles()
                .because("a package cycle hides which part depends on which; pin one direction");
    }

    /** The module's classes use, of cirstream's, only their own module's and those of the modules below it. */
    public static ArchRule usesOnlyModulesBelow(Module module) {
        String[] allowed = Stream.concat(Stream.of(module), Arrays.stream(module.uses))
                .map(m -> m.rootPackage + "..")
                .toArray(String[]::new);
        return classes()
                .that()
                .resideInAPackage(module.rootPackage + "..")
                .should()
                .onlyDependOnClassesThat(not(resideInAPackage("io.cirstream..")).or(resideInAnyPackage(allowed)))
                .because("the modules are layered: schemas, core, demo and the services (which never use each"
                        + " other), then standalone");
    }

    /** Checks both rules on the module's main classes; fails with every violation listed. */
    public static void check(Module module) {
        JavaClasses classes = mainClasses(module);
        noPackageCycles().check(classes);
        usesOnlyModulesBelow(module).check(classes);
    }
}
