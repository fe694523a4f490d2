package io.cirstream.standalone.pipeline;

import io.cirstream.core.config.Ports;
import io.cirstream.core.config.Settings;
import io.cirstream.demo.synth.SynthConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code cirstream standalone} runs.
 *
 * @param dataDirectory all state: the demo catalogue, the broker's data, the index, the models, the trainer's log,
 *     the query service's state ({@link PipelineLayout}); a restart on it resumes
 * @param bundle the model bundle the three services load
 * @param products products of the demo catalogue (generated on the first start)
 * @param seed the demo catalogue's seed
 * @param httpPort the query service's port: the web demo and the API (0 = a free port)
 * @param maxEpochs the most epochs of a training run the page asks for
 * @param trainBatchSize the training runs' batch size cap
 * @param device the libtorch device of every model part ({@code auto}, {@code cpu}, {@code gpu[:N]})
 * @param services service settings the user gave (system properties and environment); the standalone's own keys
 *     (broker, directories, ports, triggers) win over them
 */
public record StandaloneConfig(
        Path dataDirectory,
        Path bundle,
        int products,
        long seed,
        int httpPort,
        int maxEpochs,
        int trainBatchSize,
        String device,
        Settings services) {

    /**
     * The bundle served when {@code --bundle} is not given, relative to the project: the demo bundle the project trained
     * on its synthetic catalogue (stage 1, then the Combiner; tools/make_demo_bundle.sh), whose retrieval means
     * something on the demo catalogue the standalone generates.
     */
    public static final Path DEFAULT_BUNDLE = Path.of("fixtures", "demo-bundle");

    /** Where the state goes by default, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data", "standalone");

    /** The default port of the web demo and the API. */
    public static final int DEFAULT_HTTP_PORT = 8080;

    /** The demo catalogue's default size. */
    public static final int DEFAULT_PRODUCTS = 2_000;

    public StandaloneConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(services, "services");
        if (products < SynthConfig.MIN_PRODUCTS || products > SynthConfig.MAX_PRODUCTS) {
            throw new IllegalArgumentException("--products must be " + SynthConfig.MIN_PRODUCTS + " to "
                    + SynthConfig.MAX_PRODUCTS + ", got " + products);
        }
        Ports.requireListenPort("--port", httpPort);
        if (maxEpochs < 1 || maxEpochs > PipelineConfig.MAX_EPOCHS) {
            throw new IllegalArgumentException(
                    "--epochs must be 1 to " + PipelineConfig.MAX_EPOCHS + ", got " + maxEpochs);
        }
        if (trainBatchSize < 2) {
            throw new IllegalArgumentException(
                    "--train-batch-size must be >= 2 (the loss needs negatives), got " + trainBatchSize);
        }
    }

    /** Where everything goes. */
    public PipelineLayout layout() {
        return new PipelineLayout(dataDirectory.toAbsolutePath().normalize());
    }
}
