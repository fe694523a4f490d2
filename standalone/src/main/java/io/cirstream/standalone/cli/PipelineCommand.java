package io.cirstream.standalone.cli;

import io.cirstream.core.config.Settings;
import io.cirstream.standalone.pipeline.Pipeline;
import io.cirstream.standalone.pipeline.PipelineConfig;
import io.cirstream.standalone.pipeline.PipelineException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cirstream pipeline}: the whole system end to end in one JVM (see {@link Pipeline}). */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {
            "Runs cirstream end to end in this JVM on embedded parts and the real services: a synthetic catalogue,"
                    + " the in-JVM Kafka broker, the ingest service embedding the catalogue into a Lucene index, the"
                    + " trainer service training the Combiner on the catalogue's triplets and publishing it only if"
                    + " it beats the serving one, then the CIRR-protocol evaluation of the zero-shot sum, the"
                    + " bundle's Combiner and the served Combiner on the val split.",
            "Writes everything under --out (synth/, kafka/, index/, models/, trainer/, eval/) and the report"
                    + " pipeline-report.json and .txt. Service settings (e.g. cirstream.trainer.learning-rate,"
                    + " CIRSTREAM_TRAINER_GATE_MARGIN) are read from system properties and the environment."
        })
final class PipelineCommand implements Callable<Integer> {

    /** Exit code when a step failed. */
    static final int EXIT_STEP_FAILED = 1;

    @Option(names = "--out", required = true, description = "The pipeline's directory (absent or empty, see --keep).")
    Path out;

    @Option(
            names = "--bundle",
            defaultValue = "fixtures/tiny-bundle",
            description = "Model bundle directory (default: ${DEFAULT-VALUE}).")
    Path bundle;

    @Option(
            names = "--products",
            defaultValue = "" + PipelineConfig.DEFAULT_PRODUCTS,
            description = "Products in the synthetic catalogue (default: ${DEFAULT-VALUE}).")
    int products;

    @Option(names = "--seed", defaultValue = "0", description = "The catalogue's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = {"--epochs", "--max-epochs"},
            defaultValue = "" + PipelineConfig.DEFAULT_MAX_EPOCHS,
            description = "Most training epochs; early stopping on held-out recall may end sooner"
                    + " (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--train-batch-size",
            defaultValue = "" + PipelineConfig.DEFAULT_TRAIN_BATCH_SIZE,
            description = "Training batch size cap (default: ${DEFAULT-VALUE}; CLIP4Cir's 4096 makes the default"
                    + " catalogue's 2,358 training triplets one step per epoch).")
    int trainBatchSize;

    @Option(
            names = "--keep",
            description = "Continue on an existing --out: reuse its catalogue, broker data, index, models and training"
                    + " log; the new run is gated against the version that serves now.")
    boolean keep;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path bundleDir = bundle.isAbsolute() || bundle.toFile().exists() ? bundle : home().resolve(bundle);
        PipelineConfig config = new PipelineConfig(
                out, bundleDir, products, seed, epochs, trainBatchSize, keep, device, Settings.fromSystem());
        try (StageProgress bars = new StageProgress()) {
            Pipeline pipeline = new Pipeline(config, bars, spec.commandLine().getOut());
            Thread hook = new Thread(pipeline::stop, "cirstream-pipeline-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                pipeline.run();
            } finally {
                removeHook(hook);
            }
        } catch (PipelineException e) {
            spec.commandLine().getErr().println("cirstream pipeline: " + e.getMessage());
            return EXIT_STEP_FAILED;
        }
        return 0;
    }

    /** The project directory {@code bin/cirstream} runs from, where the default bundle is. */
    private static Path home() {
        return Path.of(System.getProperty("cirstream.home", "."));
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs
        }
    }
}
