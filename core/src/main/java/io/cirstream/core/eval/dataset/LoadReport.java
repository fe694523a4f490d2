package io.cirstream.core.eval.dataset;

import java.util.List;

/**
 * What a loader found besides the data itself.
 *
 * @param indexImages images in the index (the split's image list, less missing files when skipped)
 * @param triplets triplets kept
 * @param missingImages distinct image names whose file is not on disk
 * @param missingExamples the first few missing files, as the paths that were looked for
 * @param skippedTriplets triplets dropped because an image they need is missing ({@link MissingImagePolicy#SKIP})
 * @param targetsOutsideIndex kept triplets whose target is not in the index (a miss at every K by the protocol)
 */
public record LoadReport(
        int indexImages,
        int triplets,
        int missingImages,
        List<String> missingExamples,
        int skippedTriplets,
        int targetsOutsideIndex) {

    /** How many missing files {@link #missingExamples} lists at most. */
    public static final int EXAMPLES = 10;

    public LoadReport {
        missingExamples = List.copyOf(missingExamples);
    }

    /** One line for logs and CLI output. */
    public String summary() {
        StringBuilder line = new StringBuilder()
                .append(indexImages)
                .append(" index images, ")
                .append(triplets)
                .append(" triplets");
        if (missingImages > 0) {
            line.append(", ").append(missingImages).append(" missing images (e.g. ");
            line.append(String.join(", ", missingExamples)).append(')');
        }
        if (skippedTriplets > 0) {
            line.append(", ").append(skippedTriplets).append(" triplets skipped for missing images");
        }
        if (targetsOutsideIndex > 0) {
            line.append(", ").append(targetsOutsideIndex).append(" targets not in the index");
        }
        return line.toString();
    }

    /** The sum of several reports (the categories of one FashionIQ split). */
    static LoadReport sum(List<LoadReport> reports) {
        int index = 0;
        int triplets = 0;
        int missing = 0;
        int skipped = 0;
        int outside = 0;
        List<String> examples = new java.util.ArrayList<>();
        for (LoadReport report : reports) {
            index += report.indexImages;
            triplets += report.triplets;
            missing += report.missingImages;
            skipped += report.skippedTriplets;
            outside += report.targetsOutsideIndex;
            for (String example : report.missingExamples) {
                if (examples.size() < EXAMPLES) {
                    examples.add(example);
                }
            }
        }
        return new LoadReport(index, triplets, missing, examples, skipped, outside);
    }
}
