package io.cirstream.core.model;

import io.cirstream.core.config.Settings;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the model runtime uses the machine. Every knob has a default that suits the machine it runs on: CUDA and fp16
 * when a GPU is present, the CPU in fp32 otherwise.
 *
 * @param device "auto" (CUDA when present), "cpu", "gpu" or "gpu:N"
 * @param fp16 "auto" (on for GPUs when the bundle has fp16 encoders), "on" or "off"
 * @param imageBatchSize images per encoder call; 0 picks 32 on CPU and 256 on GPU
 * @param textBatchSize captions per encoder call; 0 picks 64 on CPU and 1024 on GPU
 * @param intraOpThreads libtorch intra-op threads; 0 leaves libtorch's default (the core count)
 * @param interOpThreads libtorch inter-op threads; 0 leaves libtorch's default
 * @param preprocessThreads threads decoding and resizing images; 0 picks the core count
 * @param encoderWorkers slices of a batch encoded at once, each on its own thread; 0 = automatic (1 on a GPU; on a
 *     CPU the core count divided by the intra-op threads, and 1 intra-op thread each when neither is set)
 * @param maxCaptionChars captions longer than this are refused
 */
public record RuntimeConfig(
        String device,
        String fp16,
        int imageBatchSize,
        int textBatchSize,
        int intraOpThreads,
        int interOpThreads,
        int preprocessThreads,
        int encoderWorkers,
        int maxCaptionChars) {

    /** The default caption limit: far beyond CLIP's 77 tokens, short enough to bound tokenizer work. */
    public static final int DEFAULT_MAX_CAPTION_CHARS = 1000;

    public static final String DEVICE_KEY = "cirstream.model.device";
    public static final String FP16_KEY = "cirstream.model.fp16";
    public static final String IMAGE_BATCH_SIZE_KEY = "cirstream.model.image-batch-size";
    public static final String TEXT_BATCH_SIZE_KEY = "cirstream.model.text-batch-size";
    public static final String INTRA_OP_THREADS_KEY = "cirstream.model.intra-op-threads";
    public static final String INTER_OP_THREADS_KEY = "cirstream.model.inter-op-threads";
    public static final String PREPROCESS_THREADS_KEY = "cirstream.model.preprocess-threads";
    public static final String ENCODER_WORKERS_KEY = "cirstream.model.encoder-workers";
    public static final String MAX_CAPTION_CHARS_KEY = "cirstream.caption.max-chars";

    public RuntimeConfig {
        device = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        fp16 = fp16 == null ? "auto" : fp16.trim().toLowerCase(Locale.ROOT);
        if (!device.matches("auto|cpu|gpu(:\\d+)?")) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, got '" + device + "'");
        }
        if (!fp16.matches("auto|on|off")) {
            throw new IllegalArgumentException("fp16 must be auto, on or off, got '" + fp16 + "'");
        }
        requireNonNegative("imageBatchSize", imageBatchSize);
        requireNonNegative("textBatchSize", textBatchSize);
        requireNonNegative("intraOpThreads", intraOpThreads);
        requireNonNegative("interOpThreads", interOpThreads);
        requireNonNegative("preprocessThreads", preprocessThreads);
        requireNonNegative("encoderWorkers", encoderWorkers);
        if (maxCaptionChars < 1) {
            throw new IllegalArgumentException("maxCaptionChars must be >= 1, got " + maxCaptionChars);
        }
    }

    /** Everything automatic. */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig("auto", "auto", 0, 0, 0, 0, 0, 0, DEFAULT_MAX_CAPTION_CHARS);
    }

    /**
     * Reads the configuration from properties or environment-style keys; absent keys keep their defaults. Keys:
     * cirstream.model.device, .fp16, .image-batch-size, .text-batch-size, .intra-op-threads, .inter-op-threads,
     * .preprocess-threads, .encoder-workers, cirstream.caption.max-chars (environment: CIRSTREAM_MODEL_DEVICE and so on).
     */
    public static RuntimeConfig from(Map<String, String> settings) {
        return from(Settings.of(settings));
    }

    /** Reads the configuration from typed settings (the keys of {@link #from(Map)}). */
    public static RuntimeConfig from(Settings settings) {
        return new RuntimeConfig(
                settings.string(DEVICE_KEY, "auto"),
                settings.string(FP16_KEY, "auto"),
                settings.integer(IMAGE_BATCH_SIZE_KEY, 0),
                settings.integer(TEXT_BATCH_SIZE_KEY, 0),
                settings.integer(INTRA_OP_THREADS_KEY, 0),
                settings.integer(INTER_OP_THREADS_KEY, 0),
                settings.integer(PREPROCESS_THREADS_KEY, 0),
                settings.integer(ENCODER_WORKERS_KEY, 0),
                settings.integer(MAX_CAPTION_CHARS_KEY, DEFAULT_MAX_CAPTION_CHARS));
    }

    /** Every configuration key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return List.of(
                DEVICE_KEY,
                FP16_KEY,
                IMAGE_BATCH_SIZE_KEY,
                TEXT_BATCH_SIZE_KEY,
                INTRA_OP_THREADS_KEY,
                INTER_OP_THREADS_KEY,
                PREPROCESS_THREADS_KEY,
                ENCODER_WORKERS_KEY,
                MAX_CAPTION_CHARS_KEY);
    }

    public RuntimeConfig withDevice(String newDevice) {
        return new RuntimeConfig(
                newDevice,
                fp16,
                imageBatchSize,
                textBatchSize,
                intraOpThreads,
                interOpThreads,
                preprocessThreads,
                encoderWorkers,
                maxCaptionChars);
    }

    public RuntimeConfig withThreads(int intraOp, int preprocess) {
        return new RuntimeConfig(
                device,
                fp16,
                imageBatchSize,
                textBatchSize,
                intraOp,
                interOpThreads,
                preprocess,
                encoderWorkers,
                maxCaptionChars);
    }

    public RuntimeConfig withBatchSizes(int images, int texts) {
        return new RuntimeConfig(
                device,
                fp16,
                images,
                texts,
                intraOpThreads,
                interOpThreads,
                preprocessThreads,
                encoderWorkers,
                maxCaptionChars);
    }

    private static void requireNonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 (0 = automatic), got " + value);
        }
    }
}
