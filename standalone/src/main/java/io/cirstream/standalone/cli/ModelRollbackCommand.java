package io.cirstream.standalone.cli;

import io.cirstream.core.CirstreamException;
import io.cirstream.schemas.avro.ModelVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cirstream model rollback}: announce the stored version before the one announced now. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = "Announce the newest stored version older than the announced one (its sha256 checked first).")
final class ModelRollbackCommand implements Callable<Integer> {

    @Mixin
    ModelStoreOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelVersion serving = options.serving()
                .orElseThrow(() -> new CirstreamException(
                        "no version of " + options.modelName + " is announced: there is nothing to roll back"));
        ModelVersion previous = options.catalog()
                .before(serving.getVersion())
                .orElseThrow(() -> new CirstreamException(
                        "no stored version of " + options.modelName + " is older than the announced "
                                + serving.getVersion() + ": there is nothing to roll back to"));
        ModelPromoteCommand.announce(options, previous, java.util.Optional.of(serving), spec);
        return 0;
    }
}
