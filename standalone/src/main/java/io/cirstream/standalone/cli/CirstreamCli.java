package io.cirstream.standalone.cli;

import io.cirstream.core.CirstreamException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cirstream} command: {@code bin/cirstream <subcommand> --help} describes each job. */
@Command(
        name = "cirstream",
        mixinStandardHelpOptions = true,
        versionProvider = CirstreamCli.Version.class,
        description = "Composed image retrieval (CLIP4Cir) as a streaming system.",
        subcommands = {
            EmbedCommand.class,
            BenchCommand.class,
            SynthCommand.class,
            EvalCommand.class,
            TrainCommand.class,
            StudyCommand.class,
            ModelCommand.class,
            PipelineCommand.class,
            StandaloneCommand.class,
            ServeCommand.class,
            ConfigDocsCommand.class,
            StatusCommand.class,
            KafkaCommand.class,
            TopicsCommand.class,
            TripletsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CirstreamCli {

    /** Exit code for input or configuration the command refuses. */
    static final int EXIT_INVALID = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CirstreamCli());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CirstreamException || e instanceof IllegalArgumentException) {
                command.getErr().println("cirstream: " + e.getMessage());
                return EXIT_INVALID;
            }
            throw e;
        });
        return cli;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CirstreamCli.class.getPackage().getImplementationVersion();
            return new String[] {"cirstream " + (version == null ? "development build" : version)};
        }
    }
}
