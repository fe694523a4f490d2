package io.cirstream.standalone.cli;

import picocli.CommandLine.Command;

/** {@code cirstream bench}: benchmarks, each against a reference measured in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks; each prints its own figure, a reference measured in the same run, and their ratio.",
        subcommands = {
            BenchEmbedCommand.class,
            BenchIngestCommand.class,
            BenchQueryCommand.class,
            BenchTrainCommand.class
        })
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
