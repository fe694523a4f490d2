package io.cirstream.core.eval;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageEmbedding;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.progress.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Raw features of dataset images and captions, from the {@link FeatureCache} where it has them and from the encoders
 * otherwise (the results go into the cache). An encoder is only loaded when something is missing, so a fully cached
 * evaluation never starts one. Images that cannot be read or decoded are reported, not thrown.
 */
public final class CachedEmbeddings implements AutoCloseable {

    /** Images read and sent to the encoder at a time (a multiple of its batch size keeps it busy). */
    private static final int IMAGE_CHUNK = 256;

    private static final int TEXT_CHUNK = 1024;

    private final Supplier<ImageEmbedder> imageEncoder;
    private final Supplier<TextEmbedder> textEncoder;
    private final FeatureCache cache;
    private final ProgressListener progress;
    private ImageEmbedder images;
    private TextEmbedder texts;
    private int computed;

    /**
     * @param imageEncoder opens the image encoder (called at most once, only if an image is not cached)
     * @param textEncoder opens the text encoder (likewise)
     * @param cache the cache, or null for none
     */
    public CachedEmbeddings(
            Supplier<ImageEmbedder> imageEncoder,
            Supplier<TextEmbedder> textEncoder,
            FeatureCache cache,
            ProgressListener progress) {
        this.imageEncoder = imageEncoder;
        this.textEncoder = textEncoder;
        this.cache = cache;
        this.progress = progress;
    }

    /** The images' raw features and the ones that failed, by name. */
    public record ImageFeatures(Map<String, float[]> features, Map<String, String> failures) {}

    /** Raw features of these images (name → file), in the given order. */
    public ImageFeatures images(Map<String, Path> files) {
        progress.stage("embedding images", files.size());
        Map<String, float[]> features = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, String> checksums = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        try {
            for (Map.Entry<String, Path> file : files.entrySet()) {
                float[] cached = null;
                if (cache != null) {
                    String sha = cache.fileChecksum(file.getValue());
                    checksums.put(file.getKey(), sha);
                    cached = cache.get(FeatureCache.Kind.IMAGE, sha);
                }
                if (cached != null) {
                    features.put(file.getKey(), cached);
                    progress.advance(1);
                } else {
                    missing.add(file.getKey());
                }
            }
            for (int start = 0; start < missing.size(); start += IMAGE_CHUNK) {
                List<String> chunk = missing.subList(start, Math.min(missing.size(), start + IMAGE_CHUNK));
                embedChunk(chunk, files, checksums, features, failures);
                progress.advance(chunk.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset images: " + e.getMessage(), e);
        }
        return new ImageFeatures(features, failures);
    }

    /** Raw features of distinct captions, by caption. */
    public Map<String, float[]> captions(List<String> captions) {
        List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(captions));
        progress.stage("embedding captions", distinct.size());
        Map<String, float[]> features = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        try {
            for (String caption : distinct) {
                float[] cached = cache == null
                        ? null
                        : cache.get(FeatureCache.Kind.CAPTION, FeatureCache.captionChecksum(caption));
                if (cached != null) {
                    features.put(caption, cached);
                    progress.advance(1);
                } else {
                    missing.add(caption);
                }
            }
            for (int start = 0; start < missing.size(); start += TEXT_CHUNK) {
                List<String> chunk = missing.subList(start, Math.min(missing.size(), start + TEXT_CHUNK));
                float[][] embedded = texts().embed(chunk);
                for (int i = 0; i < chunk.size(); i++) {
                    features.put(chunk.get(i), embedded[i]);
                    if (cache != null) {
                        cache.put(FeatureCache.Kind.CAPTION, FeatureCache.captionChecksum(chunk.get(i)), embedded[i]);
                    }
                }
                computed += chunk.size();
                progress.advance(chunk.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("feature cache: " + e.getMessage(), e);
        }
        return features;
    }

    /** Features computed by an encoder (not found in the cache) so far. */
    public int computed() {
        return computed;
    }

    private void embedChunk(
            List<String> names,
            Map<String, Path> files,
            Map<String, String> checksums,
            Map<String, float[]> features,
            Map<String, String> failures)
            throws IOException {
        List<ImageInput> inputs = new ArrayList<>(names.size());
        List<String> readable = new ArrayList<>(names.size());
        for (String name : names) {
            try {
                inputs.add(new ImageInput(name, Files.readAllBytes(files.get(name))));
                readable.add(name);
            } catch (IOException e) {
                failures.put(name, "cannot read " + files.get(name) + ": " + e.getMessage());
            }
        }
        List<ImageEmbedding> results = images().embedAll(inputs);
        for (int i = 0; i < results.size(); i++) {
            ImageEmbedding result = results.get(i);
            String name = readable.get(i);
            if (!result.ok()) {
                failures.put(name, files.get(name) + ": " + result.error().getMessage());
                continue;
            }
            features.put(name, result.feature());
            computed++;
            if (cache != null) {
                cache.put(FeatureCache.Kind.IMAGE, checksums.get(name), result.feature());
            }
        }
    }

    private ImageEmbedder images() {
        if (images == null) {
            images = imageEncoder.get();
        }
        return images;
    }

    private TextEmbedder texts() {
        if (texts == null) {
            texts = textEncoder.get();
        }
        return texts;
    }

    @Override
    public void close() {
        try {
            if (images != null) {
                images.close();
            }
        } finally {
            if (texts != null) {
                texts.close();
            }
        }
    }

    /** The error for images that could not be embedded, naming the first ten. */
    public static CirstreamException failed(Map<String, String> failures) {
        StringBuilder message = new StringBuilder(failures.size() + " image(s) could not be embedded:");
        failures.values().stream().limit(10).forEach(f -> message.append("\n  ").append(f));
        return new CirstreamException(message.toString());
    }
}
