package io.cirstream.standalone.cli;

import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TorchRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that loads a model bundle shares. */
final class ModelOptions {

    @Option(names = "--bundle", required = true, description = "Model bundle directory (tools/export_bundle.py).")
    Path bundle;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--fp16",
            defaultValue = "auto",
            description = "auto (on for GPUs), on or off (default: ${DEFAULT-VALUE}).")
    String fp16;

    @Option(
            names = "--batch-size",
            defaultValue = "0",
            description = "Images per encoder call; 0 = 32 on CPU, 256 on GPU.")
    int batchSize;

    @Option(
            names = "--text-batch-size",
            defaultValue = "0",
            description = "Captions per encoder call; 0 = 64 on CPU, 1024 on GPU.")
    int textBatchSize;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "libtorch intra-op threads; 0 = cores / encoder workers (1 on CPU by default).")
    int threads;

    @Option(names = "--preprocess-threads", defaultValue = "0", description = "Image decoding threads; 0 = all cores.")
    int preprocessThreads;

    @Option(
            names = "--max-image-bytes",
            defaultValue = "" + ImageLimits.DEFAULT_MAX_BYTES,
            description = "Refuse larger images (default: ${DEFAULT-VALUE}).")
    long maxImageBytes;

    @Option(
            names = "--max-image-pixels",
            defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS,
            description = "Refuse images of more pixels, before decoding (default: ${DEFAULT-VALUE}).")
    long maxImagePixels;

    @Option(
            names = "--encoder-workers",
            defaultValue = "0",
            description = "Slices of a batch encoded at once; 0 = 1 on GPU, on CPU cores / --threads (one per core"
                    + " when --threads is not given).")
    int encoderWorkers;

    @Option(names = "--no-verify", description = "Skip the sha256 check of the bundle's files.")
    boolean noVerify;

    ModelBundle openBundle() {
        return ModelBundle.open(bundle, !noVerify);
    }

    TorchRuntime.Resolved runtime() {
        return TorchRuntime.resolve(new RuntimeConfig(
                device,
                fp16,
                batchSize,
                textBatchSize,
                threads,
                0,
                preprocessThreads,
                encoderWorkers,
                RuntimeConfig.DEFAULT_MAX_CAPTION_CHARS));
    }

    ImageLimits imageLimits() {
        return new ImageLimits(maxImageBytes, maxImagePixels);
    }
}
