package io.cirstream.core.model;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
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

    private static final ConfigKey.Type<String> LOWER_CASE =
            ConfigKey.STRING.normalized(value -> value.toLowerCase(Locale.ROOT));

    public static final ConfigKey<String> DEVICE_KEY = ConfigKey.of("cirstream.model.device", LOWER_CASE)
            .withDefault("auto")
            .check(ConfigKey.Check.matching("auto, cpu, gpu or gpu:N", "auto|cpu|gpu(:\\d+)?"))
            .doc("`auto` (CUDA when libtorch sees a GPU), `cpu`, `gpu`, `gpu:N`");
    public static final ConfigKey<String> FP16_KEY = ConfigKey.of("cirstream.model.fp16", LOWER_CASE)
            .withDefault("auto")
            .check(ConfigKey.Check.matching("auto, on or off", "auto|on|off"))
            .doc("`auto` (half precision on GPUs when the bundle ships fp16 encoders), `on` or `off`");
    public static final ConfigKey<Integer> IMAGE_BATCH_SIZE_KEY =
            automatic("cirstream.model.image-batch-size").doc("images per encoder call; 0: 32 on a CPU, 256 on a GPU");
    public static final ConfigKey<Integer> TEXT_BATCH_SIZE_KEY = automatic("cirstream.model.text-batch-size")
            .doc("captions per encoder call; 0: 64 on a CPU, 1024 on a GPU");
    public static final ConfigKey<Integer> INTRA_OP_THREADS_KEY = automatic("cirstream.model.intra-op-threads")
            .doc("libtorch intra-op threads (process-wide); 0: libtorch's default");
    public static final ConfigKey<Integer> INTER_OP_THREADS_KEY = automatic("cirstream.model.inter-op-threads")
            .doc("libtorch inter-op threads (process-wide); 0: libtorch's default");
    public static final ConfigKey<Integer> PREPROCESS_THREADS_KEY =
            automatic("cirstream.model.preprocess-threads").doc("image decoding/resizing threads; 0: the core count");
    public static final ConfigKey<Integer> ENCODER_WORKERS_KEY = automatic("cirstream.model.encoder-workers")
            .doc("slices of a batch encoded side by side, each on its own predictor; 0: automatic (1 on a GPU; on a"
                    + " CPU the cores divided by the intra-op threads)");
    public static final ConfigKey<Integer> MAX_CAPTION_CHARS_KEY = ConfigKey.of(
                    "cirstream.caption.max-chars", ConfigKey.INTEGER)
            .withDefault(DEFAULT_MAX_CAPTION_CHARS)
            .check(ConfigKey.Check.atLeast(1))
            .doc("longer captions are refused (queries) or dead-lettered (triplets)");

    public RuntimeConfig {
        device = DEVICE_KEY.check(device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT));
        fp16 = FP16_KEY.check(fp16 == null ? "auto" : fp16.trim().toLowerCase(Locale.ROOT));
        IMAGE_BATCH_SIZE_KEY.check(imageBatchSize);
        TEXT_BATCH_SIZE_KEY.check(textBatchSize);
        INTRA_OP_THREADS_KEY.check(intraOpThreads);
        INTER_OP_THREADS_KEY.check(interOpThreads);
        PREPROCESS_THREADS_KEY.check(preprocessThreads);
        ENCODER_WORKERS_KEY.check(encoderWorkers);
        MAX_CAPTION_CHARS_KEY.check(maxCaptionChars);
    }

    private static ConfigKey<Integer> automatic(String name) {
        return ConfigKey.of(name, ConfigKey.INTEGER)
                .withDefault(0)
                .check(new ConfigKey.Check<>(">= 0 (0 = automatic)", value -> value >= 0));
    }

    /** Everything automatic. */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig("auto", "auto", 0, 0, 0, 0, 0, 0, DEFAULT_MAX_CAPTION_CHARS);
    }

    /**
     * Reads the configuration from properties or environment-style keys ({@link #declared()}); absent keys keep their
     * defaults.
     */
    public static RuntimeConfig from(Map<String, String> settings) {
        return from(Settings.of(settings));
    }

    /** Reads the configuration from typed settings (the keys of {@link #declared()}). */
    public static RuntimeConfig from(Settings settings) {
        return new RuntimeConfig(
                DEVICE_KEY.read(settings),
                FP16_KEY.read(settings),
                IMAGE_BATCH_SIZE_KEY.read(settings),
                TEXT_BATCH_SIZE_KEY.read(settings),
                INTRA_OP_THREADS_KEY.read(settings),
                INTER_OP_THREADS_KEY.read(settings),
                PREPROCESS_THREADS_KEY.read(settings),
                ENCODER_WORKERS_KEY.read(settings),
                MAX_CAPTION_CHARS_KEY.read(settings));
    }

    /** The declarations of every key {@link #from(Settings)} reads, in table order. */
    public static List<ConfigKey<?>> declared() {
        return List.of(
                DEVICE_KEY,
                FP16_KEY,
                IMAGE_BATCH_SIZE_KEY,
                TEXT_BATCH_SIZE_KEY,
                INTRA_OP_THREADS_KEY,
                INTER_OP_THREADS_KEY,
                ENCODER_WORKERS_KEY,
                PREPROCESS_THREADS_KEY,
                MAX_CAPTION_CHARS_KEY);
    }

    /** Every configuration key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return ConfigKeys.names(declared());
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
}
