package io.cirstream.standalone.cli;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.config.Settings;
import io.cirstream.standalone.pipeline.Standalone;
import io.cirstream.standalone.pipeline.StandaloneConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cirstream standalone}: the live system in one JVM with its web demo, until Ctrl-C (see {@link Standalone}). */
@Command(
        name = "standalone",
        mixinStandardHelpOptions = true,
        description = {
            "Runs cirstream live in this JVM: the in-JVM Kafka broker, a Lucene index, and the ingest, query and"
                    + " trainer services wired through the topics; serves the web demo and the API. On the first"
                    + " start a demo catalogue is generated and streamed in; a restart on the same --data-dir resumes"
                    + " (index, offsets, model versions) without embedding anything again. Ctrl-C stops it cleanly.",
            "Service settings (e.g. cirstream.trainer.learning-rate, CIRSTREAM_QUERY_MAX_K) are read from system"
                    + " properties and the environment."
        })
final class StandaloneCommand implements Callable<Integer> {

    /** Exit code when a part could not start (the message says which and why). */
    static final int EXIT_FAILED = 1;

    /** Exit code when the directory or an option cannot be used. */
    static final int EXIT_REFUSED = 2;

    @Option(
            names = "--data-dir",
            defaultValue = "data/standalone",
            description = "All state (catalogue, broker, index, models, trainer, query); reused on restart"
                    + " (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(
            names = "--bundle",
            description =
                    "Model bundle directory (default: "
                            + "fixtures/demo-bundle, trained by the project on the synthetic catalogue, relative to the project).")
    Path bundle;

    @Option(
            names = "--port",
            defaultValue = "" + StandaloneConfig.DEFAULT_HTTP_PORT,
            description = "The web demo's and the API's port; 0 = a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--products",
            defaultValue = "" + StandaloneConfig.DEFAULT_PRODUCTS,
            description = "Products of the demo catalogue drawn on the first start (default: ${DEFAULT-VALUE}).")
    int products;

    @Option(names = "--seed", defaultValue = "0", description = "The catalogue's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = {"--epochs", "--max-epochs"},
            defaultValue = "" + io.cirstream.standalone.pipeline.PipelineConfig.DEFAULT_MAX_EPOCHS,
            description = "Most epochs of a training run; early stopping ends sooner (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--train-batch-size",
            defaultValue = "" + io.cirstream.standalone.pipeline.PipelineConfig.DEFAULT_TRAIN_BATCH_SIZE,
            description = "Training batch size cap (default: ${DEFAULT-VALUE}).")
    int trainBatchSize;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path bundleDir = bundle == null ? home().resolve(StandaloneConfig.DEFAULT_BUNDLE) : bundle;
        StandaloneConfig config;
        try {
            config = new StandaloneConfig(
                    dataDirectory,
                    bundleDir,
                    products,
                    seed,
                    port,
                    epochs,
                    trainBatchSize,
                    device,
                    Settings.fromSystem());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("cirstream standalone: " + e.getMessage());
            return EXIT_REFUSED;
        }
        PrintWriter out = spec.commandLine().getOut();
        Standalone standalone = Standalone.of(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(standalone, out, stopped), "cirstream-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Standalone.Ready ready;
        try (StageProgress bars = new StageProgress()) {
            ready = standalone.run(bars, out);
        } catch (IllegalArgumentException e) {
            removeHook(hook);
            spec.commandLine().getErr().println("cirstream standalone: " + e.getMessage());
            return EXIT_REFUSED;
        } catch (CirstreamException e) {
            removeHook(hook);
            spec.commandLine().getErr().println("cirstream standalone: could not start: " + e.getMessage());
            return EXIT_FAILED;
        }
        out.printf(
                "%ncirstream standalone is ready in %.1f s: %d products in the index (%s)%n%n  open %s%n%n"
                        + "Ctrl-C stops it; a restart with the same --data-dir resumes.%n",
                ready.seconds(),
                ready.stored(),
                ready.restarted()
                        ? ready.embedded() + " images embedded now; the rest resumed from " + config.dataDirectory()
                        : ready.embedded() + " images embedded, " + ready.tripletsSent() + " training triplets sent",
                ready.address());
        out.flush();
        stopped.await();
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down (Ctrl-C during the start): the hook runs
        }
    }

    /** The shutdown hook (Ctrl-C, SIGTERM, also during the start): every part stopped in reverse order. */
    private static void stop(Standalone standalone, PrintWriter out, CountDownLatch stopped) {
        out.println("cirstream standalone: stopping");
        out.flush();
        standalone.close();
        out.println("cirstream standalone: stopped (" + String.join(", ", standalone.stopped()) + ")");
        out.flush();
        stopped.countDown();
    }

    /** The project directory {@code bin/cirstream} runs from, where the default bundle is. */
    private static Path home() {
        return Path.of(System.getProperty("cirstream.home", "."));
    }
}
