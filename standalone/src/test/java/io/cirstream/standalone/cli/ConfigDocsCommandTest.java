package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.standalone.serve.ConfigDocs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command on its own (not through {@code CliRun}, which reaches every command and so the integration tier). */
class ConfigDocsCommandTest {

    private record Run(int exitCode, String out) {}

    private static Run run(String... args) {
        CommandLine cli = new CommandLine(new ConfigDocsCommand());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }

    private static final Path ROOT = Path.of("..");

    @Test
    void checksTheRepositorysTables() {
        Run run = run("--root", ROOT.toString());
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("every configuration table is up to date");
    }

    @Test
    void namesAStaleReadmeAndRewritesIt(@TempDir Path root) throws IOException {
        for (ConfigDocs.Table table : ConfigDocs.TABLES) {
            Path copy = root.resolve(table.readme());
            Files.createDirectories(copy.getParent());
            Files.copy(ROOT.resolve(table.readme()), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path ingest = root.resolve("ingest-service/README.md");
        String good = Files.readString(ingest);
        Files.writeString(
                ingest,
                good.replace("| `cirstream.ingest.batch-size` | `64` |", "| `cirstream.ingest.batch-size` | `32` |"));

        Run check = run("--root", root.toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out())
                .contains("out of date: ingest-service/README.md")
                .contains(ConfigDocs.COMMAND);

        Run write = run("--root", root.toString(), "--write");
        assertThat(write.exitCode()).isZero();
        assertThat(write.out()).contains("rewrote ingest-service/README.md");
        assertThat(Files.readString(ingest)).isEqualTo(good);
    }
}
