package io.cirstream.trainer.offline;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.FeatureIndex;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.trainer.training.HeldOutQuery;
import io.cirstream.trainer.training.HeldOutSet;
import io.cirstream.trainer.training.TrainingExample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What offline training trains and early-stops on, built from a dataset's training and validation splits and the raw
 * CLIP features of their images and captions.
 *
 * <p>Training examples: one per training triplet, with every training form of its caption as a variant (FashionIQ's
 * c1+c2, c2+c1, c1, c2; CIRR's one caption). Held-out set: the validation split's index as the catalogue (for
 * FashionIQ the union of its categories' images) and one query per validation triplet with the protocol's evaluation
 * text; the reference is removed from the ranking for CIRR and kept for FashionIQ, as the published protocols do.
 * Triplets whose images could not be embedded are dropped and counted ({@link MissingImagePolicy#SKIP}) or refused
 * ({@link MissingImagePolicy#FAIL}); validation triplets whose target is not in the index are counted and left out.
 *
 * @param train the training examples
 * @param heldOut the validation catalogue and queries
 * @param counts what was kept and dropped
 */
public record OfflineTrainingData(List<TrainingExample> train, HeldOutSet heldOut, Counts counts) {

    private static final int FAILURES_LISTED = 5;

    /**
     * What was kept and dropped.
     *
     * @param trainTriplets training triplets in the split
     * @param trainDropped training triplets dropped (an image could not be embedded)
     * @param heldOutTriplets validation triplets in the split
     * @param heldOutDropped validation triplets left out (an image failed, or the target is not in the index)
     * @param catalogue validation index images with a feature
     */
    public record Counts(int trainTriplets, int trainDropped, int heldOutTriplets, int heldOutDropped, int catalogue) {}

    /** Embeds what the two splits need (through {@code embeddings}: cached features are reused) and builds the sets. */
    public static OfflineTrainingData build(
            DatasetKind kind,
            CirDataset trainSplit,
            CirDataset validationSplit,
            CachedEmbeddings embeddings,
            MissingImagePolicy policy) {
        List<CirTriplet> trainTriplets =
                trainSplit.triplets().stream().filter(CirTriplet::hasTarget).toList();
        Set<String> trainImages = new LinkedHashSet<>();
        Set<String> trainCaptions = new LinkedHashSet<>();
        for (CirTriplet triplet : trainTriplets) {
            trainImages.add(triplet.reference());
            trainImages.add(triplet.target());
            trainCaptions.addAll(triplet.captions().training());
        }
        Map<String, float[]> images = embed(trainSplit, trainImages, embeddings, policy);
        Map<String, float[]> captions = embeddings.captions(List.copyOf(trainCaptions));
        List<TrainingExample> train = new ArrayList<>();
        for (CirTriplet triplet : trainTriplets) {
            float[] reference = images.get(triplet.reference());
            float[] target = images.get(triplet.target());
            if (reference != null && target != null) {
                float[][] variants = triplet.captions().training().stream()
                        .map(captions::get)
                        .toArray(float[][]::new);
                train.add(new TrainingExample(triplet.id(), reference, variants, target));
            }
        }
        HeldOutBuilder heldOut = new HeldOutBuilder(kind, validationSplit, embeddings, policy);
        return new OfflineTrainingData(
                train,
                heldOut.set(),
                new Counts(
                        trainTriplets.size(),
                        trainTriplets.size() - train.size(),
                        heldOut.triplets(),
                        heldOut.triplets() - heldOut.set().size(),
                        heldOut.set().catalogue().size()));
    }

    /** The features of the named images of {@code split}; failures are refused or left out per {@code policy}. */
    static Map<String, float[]> embed(
            CirDataset split, Set<String> names, CachedEmbeddings embeddings, MissingImagePolicy policy) {
        Map<String, java.nio.file.Path> files = new LinkedHashMap<>();
        for (String name : names) {
            files.put(name, split.imagePath(name));
        }
        CachedEmbeddings.ImageFeatures features = embeddings.images(files);
        if (!features.failures().isEmpty() && policy == MissingImagePolicy.FAIL) {
            throw new InvalidInputException("%d image(s) of %s/%s could not be embedded, e.g. %s (--missing-images skip"
                            .formatted(
                                    features.failures().size(),
                                    split.name(),
                                    split.split(),
                                    features.failures().entrySet().stream()
                                            .limit(FAILURES_LISTED)
                                            .toList())
                    + " leaves them out)");
        }
        return features.features();
    }

    /** The held-out set of a validation split. */
    private static final class HeldOutBuilder {
        private final HeldOutSet set;
        private final int triplets;

        HeldOutBuilder(DatasetKind kind, CirDataset split, CachedEmbeddings embeddings, MissingImagePolicy policy) {
            List<CirTriplet> queries =
                    split.triplets().stream().filter(CirTriplet::hasTarget).toList();
            triplets = queries.size();
            Set<String> names = new LinkedHashSet<>(split.index());
            queries.forEach(triplet -> names.add(triplet.reference()));
            Map<String, float[]> images = embed(split, names, embeddings, policy);
            List<String> ids = new ArrayList<>();
            List<float[]> features = new ArrayList<>();
            for (String name : split.index()) {
                if (images.containsKey(name)) {
                    ids.add(name);
                    features.add(images.get(name));
                }
            }
            FeatureIndex catalogue = FeatureIndex.of(ids, features.toArray(float[][]::new));
            Map<String, float[]> captions = embeddings.captions(queries.stream()
                    .map(triplet -> triplet.captions().evaluation())
                    .distinct()
                    .toList());
            boolean referenceRemoved = kind == DatasetKind.CIRR;
            List<HeldOutQuery> heldOut = new ArrayList<>();
            for (CirTriplet triplet : queries) {
                int target = catalogue.indexOf(triplet.target());
                float[] reference = images.get(triplet.reference());
                if (target >= 0 && reference != null) {
                    int referenceIndex =
                            referenceRemoved ? catalogue.indexOf(triplet.reference()) : HeldOutQuery.NOT_IN_CATALOGUE;
                    heldOut.add(new HeldOutQuery(
                            triplet.id(),
                            reference,
                            captions.get(triplet.captions().evaluation()),
                            target,
                            referenceIndex));
                }
            }
            set = new HeldOutSet(catalogue, heldOut);
        }

        HeldOutSet set() {
            return set;
        }

        int triplets() {
            return triplets;
        }
    }
}
