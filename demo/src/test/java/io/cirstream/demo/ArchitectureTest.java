package io.cirstream.demo;

import io.cirstream.core.testkit.ArchitectureRules;
import io.cirstream.core.testkit.ArchitectureRules.Module;
import org.junit.jupiter.api.Test;

/** No package cycles in this module, and it uses only the modules below it (see {@link ArchitectureRules}). */
class ArchitectureTest {

    @Test
    void packagesFormNoCycleAndUseOnlyTheModulesBelow() {
        ArchitectureRules.check(Module.DEMO);
    }
}
