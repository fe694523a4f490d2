package io.cirstream.trainer.stage1;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.progress.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training split of a dataset as stage 1 trains on it: one {@link Stage1Triplet} per training triplet with a
 * target (every training form of its caption as a variant: FashionIQ's c1+c2, c2+c1, c1, c2; CIRR's caption), and
 * the preprocessed images in a {@link PixelStore}. Triplets with an image that cannot be decoded are refused
 * ({@link MissingImagePolicy#FAIL}) or dropped and counted ({@link MissingImagePolicy#SKIP}).
 *
 * @param triplets the usable triplets, in the split's order
 * @param pixels their images
 * @param dropped triplets left out for an image that failed
 */
public record Stage1Data(List<Stage1Triplet> triplets, PixelStore pixels, int dropped) {

    /** Memory for preprocessed images kept between epochs. */
    public static final long DEFAULT_PIXEL_BUDGET_BYTES = 2L << 30;

    private static final int FAILURES_LISTED = 5;

    /** Loads {@code kind}'s training split at {@code path} for {@code bundle}'s preprocessing. */
    public static Stage1Data load(
            DatasetKind kind,
            Path path,
            MissingImagePolicy policy,
            ModelBundle bundle,
            ImageLimits limits,
            ProgressListener progress) {
        CirDataset split = kind.load(path, kind.trainSplit(), policy);
        List<CirTriplet> withTargets =
                split.triplets().stream().filter(CirTriplet::hasTarget).toList();
        Map<String, Path> files = new LinkedHashMap<>();
        for (CirTriplet triplet : withTargets) {
            files.put(triplet.reference(), split.imagePath(triplet.reference()));
            files.put(triplet.target(), split.imagePath(triplet.target()));
        }
        PixelStore pixels = new PixelStore(files, bundle.preprocessing(), limits, DEFAULT_PIXEL_BUDGET_BYTES);
        Map<String, String> failures = pixels.prepare(progress);
        if (!failures.isEmpty() && policy == MissingImagePolicy.FAIL) {
            throw new InvalidInputException("%d training image(s) of %s could not be preprocessed, e.g. %s"
                            .formatted(
                                    failures.size(),
                                    path,
                                    failures.entrySet().stream()
                                            .limit(FAILURES_LISTED)
                                            .toList())
                    + " (--missing-images skip leaves their triplets out)");
        }
        List<Stage1Triplet> triplets = new ArrayList<>();
        for (CirTriplet t : withTargets) {
            if (!failures.containsKey(t.reference()) && !failures.containsKey(t.target())) {
                String group = t.subset().isEmpty()
                        ? t.reference()
                        : String.join("|", t.subset().stream().sorted().toList());
                triplets.add(new Stage1Triplet(t.id(), t.reference(), t.target(), t.captions(), group));
            }
        }
        if (triplets.size() < 2) {
            throw new InvalidInputException(kind.cliName() + " " + kind.trainSplit() + " at " + path + " has "
                    + triplets.size() + " usable training triplet(s); contrastive training needs at least 2");
        }
        return new Stage1Data(List.copyOf(triplets), pixels, withTargets.size() - triplets.size());
    }
}
