package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.testkit.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cirstream standalone}'s command line: its options, and what it refuses before starting anything. */
@Integration
class StandaloneCommandTest {

    @TempDir
    Path dir;

    @Test
    void isACommandWithItsOptions() {
        CliRun help = CliRun.of("standalone", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--data-dir", "--port", "--bundle", "--products", "Ctrl-C");
        assertThat(CliRun.of("--help").out()).contains("standalone");
    }

    @Test
    void refusesABadCatalogueSizeOrPortWithExit2() {
        CliRun products = CliRun.of("standalone", "--data-dir", dir.toString(), "--products", "5");
        assertThat(products.exitCode()).isEqualTo(StandaloneCommand.EXIT_REFUSED);
        assertThat(products.err()).contains("--products must be");
        CliRun port = CliRun.of("standalone", "--data-dir", dir.toString(), "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(StandaloneCommand.EXIT_REFUSED);
        assertThat(port.err()).contains("--port must be 0..65535");
    }

    @Test
    void refusesADataDirectoryThatIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        CliRun run = CliRun.of("standalone", "--data-dir", file.toString(), "--port", "0");
        assertThat(run.exitCode()).isEqualTo(StandaloneCommand.EXIT_REFUSED);
        assertThat(run.err()).contains("is not a directory");
    }
}
