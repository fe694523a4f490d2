package io.cirstream.query.search;

import io.cirstream.core.model.TextEmbedder;
import io.cirstream.query.model.ServingCombiner;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a batch of (caption, reference feature, Combiner version) into query features: the captions not in the cache
 * are encoded in one call of the text encoder, each Combiner version composes its share of the batch in one forward
 * pass, and a negative caption pushes its query away ({@link NegativeModifier}).
 */
public final class QueryComposer {

    private final TextEmbedder texts;
    private final TextFeatureCache cache;
    private final NegativeModifier negative;

    public QueryComposer(TextEmbedder texts, TextFeatureCache cache, NegativeModifier negative) {
        this.texts = Objects.requireNonNull(texts, "texts");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.negative = Objects.requireNonNull(negative, "negative");
    }

    /** The unit-length query feature of every request, in order. */
    public List<float[]> compose(List<ComposeRequest> batch) {
        Map<String, float[]> features = textFeatures(batch);
        float[][] queries = new float[batch.size()][];
        Map<ServingCombiner, List<Integer>> byCombiner = new IdentityHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byCombiner
                    .computeIfAbsent(batch.get(i).combiner(), c -> new ArrayList<>())
                    .add(i);
        }
        byCombiner.forEach((combiner, indices) -> {
            float[][] text = new float[indices.size()][];
            float[][] image = new float[indices.size()][];
            for (int j = 0; j < indices.size(); j++) {
                ComposeRequest request = batch.get(indices.get(j));
                text[j] = features.get(request.caption());
                image[j] = request.image();
            }
            float[][] composed = combiner.combiner().combine(text, image);
            for (int j = 0; j < indices.size(); j++) {
                queries[indices.get(j)] = composed[j];
            }
        });
        List<float[]> answers = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ComposeRequest request = batch.get(i);
            float[] query = queries[i];
            answers.add(request.negativeCaption()
                    .map(text -> negative.apply(query, features.get(text)))
                    .orElse(query));
        }
        return answers;
    }

    private Map<String, float[]> textFeatures(List<ComposeRequest> batch) {
        Set<String> captions = new LinkedHashSet<>();
        for (ComposeRequest request : batch) {
            captions.add(request.caption());
            request.negativeCaption().ifPresent(captions::add);
        }
        Map<String, float[]> features = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String caption : captions) {
            cache.get(caption).ifPresentOrElse(feature -> features.put(caption, feature), () -> missing.add(caption));
        }
        if (!missing.isEmpty()) {
            float[][] encoded = texts.embed(missing);
            for (int i = 0; i < missing.size(); i++) {
                features.put(missing.get(i), encoded[i]);
                cache.put(missing.get(i), encoded[i]);
            }
        }
        return features;
    }

    /** The cache the composer reads and fills. */
    public TextFeatureCache cache() {
        return cache;
    }
}
