package io.cirstream.standalone.cli;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.schemas.avro.ModelVersion;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cirstream model promote VERSION}: announce a stored version, so that query instances serve it. */
@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description = "Announce a stored version on the model topic (its weights' sha256 is checked first).")
final class ModelPromoteCommand implements Callable<Integer> {

    @Mixin
    ModelStoreOptions options;

    @Parameters(index = "0", paramLabel = "VERSION", description = "The stored version to serve.")
    String version;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelVersion target = options.catalog()
                .version(version)
                .orElseThrow(() -> new CirstreamException("no stored version " + version + " of " + options.modelName
                        + " in " + options.storeConfig().location() + " (see: cirstream model list)"));
        Optional<ModelVersion> serving = options.serving();
        announce(options, target, serving, spec);
        return 0;
    }

    /** Verifies and announces {@code target}, and says what it replaced. */
    static void announce(
            ModelStoreOptions options, ModelVersion target, Optional<ModelVersion> serving, CommandSpec spec) {
        options.verify(target);
        try (ModelAnnouncer announcer = ModelAnnouncer.connect(options.bootstrap(), Map.of())) {
            announcer.announce(target);
        }
        spec.commandLine()
                .getOut()
                .println("announced " + options.modelName + " " + target.getVersion()
                        + serving.map(previous -> previous.getVersion().equals(target.getVersion())
                                        ? " (it was already announced)"
                                        : " (was " + previous.getVersion() + ")")
                                .orElse(" (nothing was announced before)"));
    }
}
