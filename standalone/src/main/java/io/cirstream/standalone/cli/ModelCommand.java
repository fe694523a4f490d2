package io.cirstream.standalone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cirstream model}: the model versions the trainer published, and which one serves. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "List, promote and roll back Combiner versions; ask the trainer to retrain now.",
        subcommands = {
            ModelListCommand.class,
            ModelPromoteCommand.class,
            ModelRollbackCommand.class,
            ModelRetrainCommand.class,
            ModelPublishBundleCommand.class
        })
final class ModelCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
