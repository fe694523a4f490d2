package io.cirstream.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a {@link RuntimeConfig} against the machine: picks the device (CUDA when a CUDA build of libtorch sees a
 * GPU, else the CPU), fp16 and batch sizes, and sets libtorch's thread pools. libtorch's pools are process-wide, so
 * the first configuration that sets them wins; later ones are logged and left alone.
 */
public final class TorchRuntime {

    /** DJL's name of the PyTorch engine. */
    public static final String ENGINE = PtEngine.ENGINE_NAME;

    static final int CPU_IMAGE_BATCH = 32;
    static final int GPU_IMAGE_BATCH = 256;
    static final int CPU_TEXT_BATCH = 64;
    static final int GPU_TEXT_BATCH = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);
    private static int appliedIntraOpThreads = -1;

    private TorchRuntime() {}

    /** The runtime settings for this machine. */
    public static synchronized Resolved resolve(RuntimeConfig config) {
        if (config.interOpThreads() > 0 && System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            // read once, when libtorch starts
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(config.interOpThreads()));
        }
        Device device = selectDevice(config.device());
        boolean gpu = device.isGpu();
        boolean fp16 =
                switch (config.fp16()) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> gpu;
                };
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = encoderWorkers(config, gpu, cores);
        int intraOp = config.intraOpThreads() > 0 ? config.intraOpThreads() : gpu ? 0 : Math.max(1, cores / workers);
        applyIntraOpThreads(intraOp);
        int imageBatch =
                config.imageBatchSize() > 0 ? config.imageBatchSize() : gpu ? GPU_IMAGE_BATCH : CPU_IMAGE_BATCH;
        int textBatch = config.textBatchSize() > 0 ? config.textBatchSize() : gpu ? GPU_TEXT_BATCH : CPU_TEXT_BATCH;
        int preprocessThreads = config.preprocessThreads() > 0 ? config.preprocessThreads() : cores;
        return new Resolved(device, fp16, imageBatch, textBatch, preprocessThreads, workers, config.maxCaptionChars());
    }

    /**
     * Slices of a batch encoded at once. On a CPU, single-threaded forwards side by side use the cores better than
     * one forward over libtorch's intra-op pool, so the default is one worker per core (or per group of the
     * configured intra-op threads); a GPU gets one.
     */
    static int encoderWorkers(RuntimeConfig config, boolean gpu, int cores) {
        if (config.encoderWorkers() > 0) {
            return config.encoderWorkers();
        }
        if (gpu) {
            return 1;
        }
        return config.intraOpThreads() > 0 ? Math.max(1, cores / config.intraOpThreads()) : cores;
    }

    private static Device selectDevice(String requested) {
        int gpus = Engine.getEngine(ENGINE).getGpuCount();
        if (requested.equals("cpu")) {
            return Device.cpu();
        }
        if (requested.equals("auto")) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        int index = requested.contains(":") ? Integer.parseInt(requested.substring(requested.indexOf(':') + 1)) : 0;
        if (index >= gpus) {
            throw new ModelBundleException("device " + requested + " was asked for but libtorch sees " + gpus
                    + " GPU(s); this build carries " + Engine.getEngine(ENGINE).getVersion()
                    + " (use a CUDA flavour of pytorch-native, or --device cpu)");
        }
        return Device.gpu(index);
    }

    private static void applyIntraOpThreads(int intraOp) {
        if (intraOp <= 0 || intraOp == appliedIntraOpThreads) {
            return;
        }
        if (appliedIntraOpThreads > 0) {
            LOG.warn(
                    "libtorch intra-op threads stay at {}; {} asked for later is ignored (the pool is process-wide)",
                    appliedIntraOpThreads,
                    intraOp);
            return;
        }
        JniUtils.setNumThreads(intraOp);
        appliedIntraOpThreads = intraOp;
    }

    /**
     * The runtime settings in force.
     *
     * @param device where the encoders run
     * @param fp16 whether half precision is used (GPU only in practice)
     * @param imageBatchSize images per encoder call
     * @param textBatchSize captions per encoder call
     * @param preprocessThreads threads decoding and resizing images
     * @param encoderWorkers slices of a batch encoded at once, each on its own predictor thread
     * @param maxCaptionChars captions longer than this are refused
     */
    public record Resolved(
            Device device,
            boolean fp16,
            int imageBatchSize,
            int textBatchSize,
            int preprocessThreads,
            int encoderWorkers,
            int maxCaptionChars) {

        /** CPU, fp32, small batches: what tests and parity checks use. */
        public static Resolved cpu(int preprocessThreads) {
            return new Resolved(
                    Device.cpu(),
                    false,
                    CPU_IMAGE_BATCH,
                    CPU_TEXT_BATCH,
                    preprocessThreads,
                    1,
                    RuntimeConfig.DEFAULT_MAX_CAPTION_CHARS);
        }
    }
}
