package io.cirstream.standalone.cli;

import io.cirstream.core.registry.BundlePublisher;
import io.cirstream.core.registry.EncoderLine;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream model publish-bundle --bundle DIR}: store a bundle with new encoders (a stage-1 result with its
 * Combiner) in the model store and announce it on the encoder line: ingest instances re-embed the catalogue into a
 * new collection and switch to it, query instances answer with the new encoders from the switch on.
 */
@Command(
        name = "publish-bundle",
        mixinStandardHelpOptions = true,
        description = "Store a bundle with new encoders and announce it on the encoder line (re-embedding, then the"
                + " switch-over).")
final class ModelPublishBundleCommand implements Callable<Integer> {

    @Mixin
    ModelStoreOptions options;

    @Option(names = "--bundle", required = true, description = "The bundle directory (verified first).")
    Path bundle;

    @Option(
            names = "--line",
            defaultValue = EncoderLine.DEFAULT,
            description = "The encoder line (default: ${DEFAULT-VALUE}; the services' cirstream.model.encoder-line).")
    String line;

    @Option(names = "--parent", description = "The encoder version it was trained from, recorded with it.")
    String parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path staging = Files.createTempDirectory("cirstream-bundle");
        try (ModelAnnouncer announcer = ModelAnnouncer.connect(options.bootstrap(), Map.of())) {
            ModelVersion version = new BundlePublisher(options.storeConfig().open(), announcer, Clock.systemUTC())
                    .publish(line, bundle, staging, Map.of(), Optional.ofNullable(parent));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "announced bundle %s on %s (%s, sha256 %s): ingest instances re-embed the catalogue into"
                                    + " collection %s and switch to it; follow it with: cirstream status%n",
                            version.getVersion(),
                            line,
                            version.getUri(),
                            version.getSha256(),
                            version.getEncoderVersion());
        } finally {
            Files.deleteIfExists(staging);
        }
        return 0;
    }
}
