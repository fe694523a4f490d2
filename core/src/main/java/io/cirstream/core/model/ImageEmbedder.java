package io.cirstream.core.model;

import ai.djl.ndarray.types.Shape;
import io.cirstream.core.CirstreamException;
import io.cirstream.core.InvalidInputException;
import io.cirstream.core.image.DecodedImage;
import io.cirstream.core.image.ImageDecoder;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.image.PreprocessSpec;
import io.cirstream.core.image.TargetPadPreprocessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CLIP's image encoder with CLIP4Cir's preprocessing: encoded images in, raw (un-normalised) D-dimensional features
 * out. Decoding and targetpad preprocessing run on a pool of threads and overlap with the encoder: while batch k is
 * encoded, batch k+1 is decoded. An image that cannot be decoded, or breaks a size limit, is reported for itself and
 * the rest of its batch goes on. Thread-safe.
 */
public final class ImageEmbedder implements AutoCloseable {

    private final TorchScriptEncoder encoder;
    private final ImageDecoder decoder;
    private final TargetPadPreprocessor preprocessor;
    private final ExecutorService preprocessPool;
    private final int featureDim;
    private final int inputSize;
    private final int batchSize;
    private final String version;

    private ImageEmbedder(
            TorchScriptEncoder encoder,
            ImageLimits limits,
            PreprocessSpec spec,
            int preprocessThreads,
            int featureDim,
            int batchSize,
            String version) {
        this.encoder = encoder;
        this.decoder = new ImageDecoder(limits);
        this.preprocessor = new TargetPadPreprocessor(spec);
        this.featureDim = featureDim;
        this.inputSize = spec.inputSize();
        this.batchSize = batchSize;
        this.version = version;
        AtomicInteger threadNumber = new AtomicInteger();
        this.preprocessPool = Executors.newFixedThreadPool(preprocessThreads, runnable -> {
            Thread thread = new Thread(runnable, "cirstream-preprocess-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Loads the bundle's image encoder on the resolved device. */
    public static ImageEmbedder open(ModelBundle bundle, TorchRuntime.Resolved runtime, ImageLimits limits) {
        BundleManifest.Encoder entry = bundle.manifest().imageEncoder();
        boolean fp16 = runtime.fp16() && entry.fp16File() != null;
        TorchScriptEncoder encoder = TorchScriptEncoder.load(
                "image encoder",
                bundle.directory().resolve(fp16 ? entry.fp16File() : entry.file()),
                runtime.device(),
                fp16,
                runtime.encoderWorkers());
        return new ImageEmbedder(
                encoder,
                limits,
                bundle.preprocessing(),
                runtime.preprocessThreads(),
                bundle.featureDim(),
                runtime.imageBatchSize(),
                entry.version());
    }

    /** The raw feature of one image; a refused image throws {@link InvalidInputException}. */
    public float[] embed(ImageInput image) {
        return embedAll(List.of(image)).get(0).featureOrThrow();
    }

    /** Raw features of images, one row each; the first refused image throws {@link InvalidInputException}. */
    public float[][] embed(List<ImageInput> images) {
        List<ImageEmbedding> results = embedAll(images);
        float[][] out = new float[results.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = results.get(i).featureOrThrow();
        }
        return out;
    }

    /** The outcome of every image, in order: refused images carry their error, the others their raw feature. */
    public List<ImageEmbedding> embedAll(List<ImageInput> images) {
        List<ImageEmbedding> results = new ArrayList<>(images.size());
        CompletableFuture<PreparedBatch> next = prepareAsync(images, 0);
        for (int start = 0; start < images.size(); start += batchSize) {
            PreparedBatch batch = join(next);
            int following = start + batchSize;
            next = following < images.size() ? prepareAsync(images, following) : null;
            results.addAll(encode(batch));
        }
        return results;
    }

    /**
     * Raw features of already preprocessed images: {@code count} CHW tensors of inputSize² laid out one after the
     * other in {@code pixels}.
     */
    public float[][] embedPreprocessed(float[] pixels, int count) {
        int perImage = 3 * inputSize * inputSize;
        if (pixels.length < (long) count * perImage) {
            throw new InvalidInputException("preprocessed batch holds " + pixels.length + " values, " + count
                    + " images of " + inputSize + "x" + inputSize + " need " + (long) count * perImage);
        }
        float[] features = encoder.forward(pixels, new Shape(count, 3, inputSize, inputSize));
        float[][] out = new float[count][];
        FeatureRows.split(features, count, featureDim, "image encoder", out, 0);
        return out;
    }

    private List<ImageEmbedding> encode(PreparedBatch batch) {
        int good = 0;
        for (InvalidInputException error : batch.errors()) {
            if (error == null) {
                good++;
            }
        }
        float[][] features = good == 0 ? new float[0][] : embedPreprocessed(batch.compactPixels(good), good);
        List<ImageEmbedding> out = new ArrayList<>(batch.names().size());
        int row = 0;
        for (int i = 0; i < batch.names().size(); i++) {
            InvalidInputException error = batch.errors()[i];
            out.add(new ImageEmbedding(batch.names().get(i), error == null ? features[row++] : null, error));
        }
        return out;
    }

    private CompletableFuture<PreparedBatch> prepareAsync(List<ImageInput> images, int start) {
        if (start >= images.size()) {
            return CompletableFuture.completedFuture(PreparedBatch.empty());
        }
        List<ImageInput> slice = images.subList(start, Math.min(images.size(), start + batchSize));
        int perImage = 3 * inputSize * inputSize;
        float[] pixels = new float[slice.size() * perImage];
        InvalidInputException[] errors = new InvalidInputException[slice.size()];
        CompletableFuture<?>[] tasks = new CompletableFuture<?>[slice.size()];
        for (int i = 0; i < slice.size(); i++) {
            int index = i;
            tasks[i] = CompletableFuture.runAsync(
                    () -> {
                        try {
                            ImageInput image = slice.get(index);
                            DecodedImage decoded = decoder.decode(image.bytes(), image.name());
                            preprocessor.preprocess(decoded, pixels, index * perImage);
                        } catch (InvalidInputException e) {
                            errors[index] = e;
                        }
                    },
                    preprocessPool);
        }
        List<String> names = slice.stream().map(ImageInput::name).toList();
        return CompletableFuture.allOf(tasks).thenApply(done -> new PreparedBatch(names, pixels, perImage, errors));
    }

    private static PreparedBatch join(CompletableFuture<PreparedBatch> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CirstreamException("image preprocessing failed: " + e.getCause(), e.getCause());
        }
    }

    public int featureDim() {
        return featureDim;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The encoder version these features belong to. */
    public String version() {
        return version;
    }

    /** Whether the encoder computes in half precision. */
    public boolean fp16() {
        return encoder.fp16();
    }

    @Override
    public void close() {
        preprocessPool.shutdownNow();
        encoder.close();
    }

    /** Preprocessed pixels of one batch, with the refused images marked. */
    private record PreparedBatch(List<String> names, float[] pixels, int perImage, InvalidInputException[] errors) {

        static PreparedBatch empty() {
            return new PreparedBatch(List.of(), new float[0], 0, new InvalidInputException[0]);
        }

        /** The pixels of the accepted images only, packed from the front. */
        float[] compactPixels(int good) {
            if (good == errors.length) {
                return pixels;
            }
            float[] packed = new float[good * perImage];
            int row = 0;
            for (int i = 0; i < errors.length; i++) {
                if (errors[i] == null) {
                    System.arraycopy(pixels, i * perImage, packed, row++ * perImage, perImage);
                }
            }
            return packed;
        }
    }
}
