package io.cirstream.standalone.study;

import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One bundle's L2-normalised features of a split: every index image, and per triplet (whose images embedded) the
 * reference r, caption t, query q = normalize(r + t) — the element-wise sum, stage 1's fusion — and target g.
 *
 * @param index the index images' features
 * @param references r per triplet
 * @param captions t per triplet
 * @param queries q per triplet
 * @param targets g per triplet
 */
record SplitFeatures(float[][] index, float[][] references, float[][] captions, float[][] queries, float[][] targets) {

    /** Embeds {@code split} of the dataset at {@code path} with {@code embeddings}' encoders. */
    static SplitFeatures of(DatasetKind kind, Path path, String split, CachedEmbeddings embeddings) {
        CirDataset dataset = kind.load(path, split, MissingImagePolicy.SKIP);
        Map<String, Path> files = new LinkedHashMap<>();
        dataset.index().forEach(name -> files.put(name, dataset.imagePath(name)));
        List<CirTriplet> triplets =
                dataset.triplets().stream().filter(CirTriplet::hasTarget).toList();
        List<String> texts = new ArrayList<>();
        for (CirTriplet t : triplets) {
            files.put(t.reference(), dataset.imagePath(t.reference()));
            files.put(t.target(), dataset.imagePath(t.target()));
            texts.add(t.captions().evaluation());
        }
        Map<String, float[]> images = embeddings.images(files).features();
        Map<String, float[]> captions = embeddings.captions(texts);
        List<float[]> r = new ArrayList<>();
        List<float[]> c = new ArrayList<>();
        List<float[]> q = new ArrayList<>();
        List<float[]> g = new ArrayList<>();
        for (CirTriplet t : triplets) {
            if (images.containsKey(t.reference()) && images.containsKey(t.target())) {
                float[] reference = images.get(t.reference());
                float[] caption = captions.get(t.captions().evaluation());
                r.add(Vectors.normalized(reference));
                c.add(Vectors.normalized(caption));
                q.add(Vectors.normalized(Vectors.sum(reference, caption)));
                g.add(Vectors.normalized(images.get(t.target())));
            }
        }
        float[][] index = dataset.index().stream()
                .filter(images::containsKey)
                .map(name -> Vectors.normalized(images.get(name)))
                .toArray(float[][]::new);
        return new SplitFeatures(
                index,
                r.toArray(float[][]::new),
                c.toArray(float[][]::new),
                q.toArray(float[][]::new),
                g.toArray(float[][]::new));
    }
}
