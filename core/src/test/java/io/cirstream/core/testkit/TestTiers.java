package io.cirstream.core.testkit;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cirstream.core.testkit.ArchitectureRules.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The test tiers, checked by every module's {@code ArchitectureTest}: a test class that starts a Kafka broker, a
 * server or a process - through its own code or the test helpers it uses - carries {@link Integration} (itself or a
 * class it extends), so that the fast tier ({@code bin/test-fast}) never waits for one.
 */
public final class TestTiers {

    /** What starts a broker, a server or a process; a test that reaches one of these is an integration test. */
    static final Set<String> STARTERS = Set.of(
            "java.lang.ProcessBuilder",
            "io.cirstream.demo.kafka.EmbeddedKafka",
            "io.cirstream.core.store.milvus.MilvusLiteServer",
            "io.cirstream.core.modelstore.MotoS3Server",
            "io.cirstream.standalone.pipeline.Standalone",
            "io.cirstream.standalone.pipeline.Pipeline",
            "io.cirstream.standalone.cli.BenchIngestCommand",
            "io.cirstream.standalone.cli.BenchQueryCommand",
            "io.cirstream.standalone.cli.KafkaCommand",
            "io.cirstream.standalone.cli.CliRun");

    private TestTiers() {}

    /** The module's test classes (its main classes left out, so that only test code is followed). */
    static JavaClasses testClasses(Module module) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages(module.rootPackage());
    }

    /**
     * The test classes of {@code module} that reach a {@linkplain #STARTERS starter} through test code and are not in
     * the integration tier, each with the starter it reaches.
     */
    public static List<String> untaggedIntegrationTests(Module module) {
        List<String> untagged = new ArrayList<>();
        for (JavaClass test : testClasses(module)) {
            if (!test.getSimpleName().endsWith("Test")
                    || test.getModifiers().contains(JavaModifier.ABSTRACT)
                    || test.isNestedClass()
                    || inIntegrationTier(test)) {
                continue;
            }
            starterReached(test).ifPresent(starter -> untagged.add(test.getName() + " (reaches " + starter + ")"));
        }
        return untagged;
    }

    /** Fails, naming them, if a test class that starts a broker, a server or a process is not in the tier. */
    public static void check(Module module) {
        List<String> untagged = untaggedIntegrationTests(module);
        if (!untagged.isEmpty()) {
            throw new AssertionError("these tests start a broker, a server or a process but are not tagged @"
                    + Integration.class.getSimpleName() + " (the fast tier would wait for them): " + untagged);
        }
    }

    private static boolean inIntegrationTier(JavaClass test) {
        for (Optional<JavaClass> c = Optional.of(test);
                c.isPresent();
                c = c.get().getRawSuperclass()) {
            if (c.get().isAnnotatedWith(Integration.class)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> starterReached(JavaClass test) {
        Set<String> reached = new TreeSet<>();
        collect(test, new java.util.HashSet<>(), reached);
        return reached.stream().findFirst();
    }

    private static void collect(JavaClass from, Set<String> seen, Set<String> reached) {
        if (!seen.add(from.getName())) {
            return;
        }
        List<JavaClass> next = new ArrayList<>();
        from.getRawSuperclass().ifPresent(next::add);
        for (Dependency dependency : from.getDirectDependenciesFromSelf()) {
            next.add(dependency.getTargetClass());
        }
        for (JavaClass target : next) {
            String name = target.getName();
            if (STARTERS.contains(name)) {
                reached.add(name);
            } else if (name.startsWith("io.cirstream.") && target.getSource().isPresent() && isTestCode(target)) {
                collect(target, seen, reached);
            }
        }
    }

    private static boolean isTestCode(JavaClass c) {
        return c.getSource()
                .map(source -> source.getUri().toString().contains("/test-classes/")
                        || source.getUri().toString().contains("-tests.jar"))
                .orElse(false);
    }
}
