package io.cirstream.core.eval.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One split of a composed-retrieval dataset in a dataset-neutral form: the index (the candidate images, in the
 * dataset's order), a file for every image any part needs, and the triplets. The FashionIQ and CIRR loaders, and the
 * synthetic generator through them, produce it; evaluation and the offline trainer consume it.
 *
 * @param name what the data is, e.g. {@code fashioniq/dress} or {@code cirr}
 * @param split the split as the dataset names it ({@code train}, {@code val}, {@code test}, {@code test1})
 * @param index candidate image names in the dataset's order (ranking ties go to the earlier one)
 * @param images the file of every image the index and the triplets name (references and targets outside the index
 *     included where the layout tells their file)
 * @param triplets the queries
 * @param report counts of what was missing or skipped
 */
public record CirDataset(
        String name,
        String split,
        List<String> index,
        Map<String, Path> images,
        List<CirTriplet> triplets,
        LoadReport report) {

    public CirDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(split, "split");
        index = List.copyOf(index);
        images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
        triplets = List.copyOf(triplets);
        Objects.requireNonNull(report, "report");
    }

    /** The file of an image, or an exception naming the image and the dataset. */
    public Path imagePath(String imageName) {
        Path path = images.get(imageName);
        if (path == null) {
            throw new IllegalArgumentException("image '" + imageName + "' has no file in " + name + "/" + split);
        }
        return path;
    }

    /** Whether every triplet names its target (false on test splits). */
    public boolean hasTargets() {
        return triplets.stream().allMatch(CirTriplet::hasTarget);
    }

    /** The categories of the triplets, in first-seen order (one empty string for CIRR). */
    public Set<String> categories() {
        Set<String> categories = new LinkedHashSet<>();
        triplets.forEach(triplet -> categories.add(triplet.category()));
        return categories;
    }

    /**
     * Several datasets as one (the FashionIQ categories of a split, for training): indexes concatenated without
     * repeats, image files merged, triplets concatenated, reports summed.
     */
    public static CirDataset union(String name, List<CirDataset> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("union of no datasets");
        }
        Set<String> index = new LinkedHashSet<>();
        Map<String, Path> images = new LinkedHashMap<>();
        List<CirTriplet> triplets = new ArrayList<>();
        List<LoadReport> reports = new ArrayList<>();
        for (CirDataset part : parts) {
            if (!part.split.equals(parts.get(0).split)) {
                throw new IllegalArgumentException(
                        "union of different splits: " + parts.get(0).split + " and " + part.split);
            }
            index.addAll(part.index);
            images.putAll(part.images);
            triplets.addAll(part.triplets);
            reports.add(part.report);
        }
        LoadReport sum = LoadReport.sum(reports);
        LoadReport report = new LoadReport(
                index.size(),
                triplets.size(),
                sum.missingImages(),
                sum.missingExamples(),
                sum.skippedTriplets(),
                sum.targetsOutsideIndex());
        return new CirDataset(name, parts.get(0).split, List.copyOf(index), images, triplets, report);
    }
}
