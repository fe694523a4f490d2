package io.cirstream.demo;

import io.cirstream.core.testkit.ArchitectureRules;
import io.cirstream.core.testkit.ArchitectureRules.Module;
import io.cirstream.core.testkit.TestTiers;
import org.junit.jupiter.api.Test;

/** No package cycles in this module, and it uses only the modules below it (see {@link ArchitectureRules}). */
class ArchitectureTest {

    @Test
    void packagesFormNoCycleAndUseOnlyTheModulesBelow() {
        ArchitectureRules.check(Module.DEMO);
    }

    /** The module's own tests, and core's that need the broker and so live here in core's packages. */
    @Test
    void testsThatStartABrokerAServerOrAProcessAreInTheIntegrationTier() {
        TestTiers.check(Module.DEMO);
        TestTiers.check(Module.CORE);
    }
}
