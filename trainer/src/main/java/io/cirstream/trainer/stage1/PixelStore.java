package io.cirstream.trainer.stage1;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.image.ImageDecoder;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.image.PreprocessSpec;
import io.cirstream.core.image.TargetPadPreprocessor;
import io.cirstream.core.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Training images decoded and preprocessed exactly as the encoders see them at inference (core's PIL-exact targetpad
 * preprocessing), by name. Images are prepared once and kept in memory while they fit in {@code memoryBudgetBytes};
 * beyond it they are decoded again each time they are needed.
 */
public final class PixelStore {

    private final Map<String, Path> files;
    private final ImageDecoder decoder;
    private final TargetPadPreprocessor preprocessor;
    private final long budgetValues;
    private final Map<String, float[]> kept = new ConcurrentHashMap<>();

    PixelStore(Map<String, Path> files, PreprocessSpec spec, ImageLimits limits, long memoryBudgetBytes) {
        this.files = Map.copyOf(files);
        this.decoder = new ImageDecoder(limits);
        this.preprocessor = new TargetPadPreprocessor(spec);
        this.budgetValues = memoryBudgetBytes / Float.BYTES;
    }

    /** The input side S of the preprocessed images (S×S). */
    int inputSize() {
        return preprocessor.spec().inputSize();
    }

    /**
     * Prepares every image (in parallel), keeping what fits; returns the images that cannot be read or decoded, by
     * name, with the reason.
     */
    Map<String, String> prepare(ProgressListener progress) {
        progress.stage("preprocessing training images", files.size());
        Map<String, String> failures = new ConcurrentHashMap<>();
        files.keySet().parallelStream().forEach(name -> {
            try {
                float[] pixels = load(name);
                if ((long) (kept.size() + 1) * pixels.length <= budgetValues) {
                    kept.put(name, pixels);
                }
            } catch (InvalidInputException | IllegalStateException e) {
                failures.put(name, e.getMessage());
            }
            progress.advance(1);
        });
        return new LinkedHashMap<>(failures);
    }

    /** Copies the named images' pixels one after the other into {@code out} from {@code offset}. */
    void copy(List<String> names, float[] out, int offset) {
        int perImage = preprocessor.outputLength();
        for (int i = 0; i < names.size(); i++) {
            float[] pixels = kept.get(names.get(i));
            if (pixels == null) {
                pixels = load(names.get(i));
            }
            System.arraycopy(pixels, 0, out, offset + i * perImage, perImage);
        }
    }

    /** Values per preprocessed image: 3·S². */
    int valuesPerImage() {
        return preprocessor.outputLength();
    }

    private float[] load(String name) {
        Path file = files.get(name);
        if (file == null) {
            throw new IllegalStateException("no file for image " + name);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return preprocessor.preprocess(decoder.decode(bytes, name));
    }
}
