package io.cirstream.standalone.cli;

import io.cirstream.standalone.serve.ConfigDocs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream config-docs}: checks (or with {@code --write} rewrites) the configuration tables of the READMEs,
 * generated from the keys' declarations. Exit code 1 when a table is out of date and {@code --write} was not given.
 */
@Command(
        name = "config-docs",
        mixinStandardHelpOptions = true,
        description = "Check the READMEs' configuration tables against the keys' declarations; --write rewrites them.")
final class ConfigDocsCommand implements Callable<Integer> {

    @Option(names = "--write", description = "Rewrite the tables that are out of date.")
    boolean write;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description = "The repository's root (default: the cirstream home, else the working directory).")
    Path root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path base = root != null ? root : Path.of(System.getProperty("cirstream.home", "."));
        PrintWriter out = spec.commandLine().getOut();
        if (write) {
            List<String> written = ConfigDocs.write(base);
            written.forEach(readme -> out.println("rewrote " + readme));
            out.println(written.isEmpty() ? "every configuration table is up to date" : "done");
            return 0;
        }
        List<String> stale = ConfigDocs.stale(base);
        if (stale.isEmpty()) {
            out.println("every configuration table is up to date");
            return 0;
        }
        stale.forEach(readme -> out.println("out of date: " + readme));
        out.println("run " + ConfigDocs.COMMAND);
        return 1;
    }
}
