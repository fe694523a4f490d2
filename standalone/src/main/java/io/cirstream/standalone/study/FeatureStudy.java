package io.cirstream.standalone.study;

import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;

/** The study end to end: both bundles' features of the split, their statistics, the report. */
public final class FeatureStudy {

    private FeatureStudy() {}

    /** Studies bundle {@code a} (before) against {@code b} (after) on {@code split}; returns the report's path. */
    public static Path run(
            ModelBundle a,
            ModelBundle b,
            DatasetKind kind,
            Path path,
            String split,
            TorchRuntime.Resolved runtime,
            ImageLimits limits,
            ProgressListener progress,
            Path out)
            throws IOException {
        FeatureStatistics before = statistics(a, kind, path, split, runtime, limits, progress);
        FeatureStatistics after = statistics(b, kind, path, split, runtime, limits, progress);
        String dataset = "%s %s split at %s".formatted(kind.cliName(), split, path);
        return StudyReport.write(
                out, dataset, new StudyReport.Side(label(a), before), new StudyReport.Side(label(b), after));
    }

    private static String label(ModelBundle bundle) {
        return bundle.encoderVersion();
    }

    private static FeatureStatistics statistics(
            ModelBundle bundle,
            DatasetKind kind,
            Path path,
            String split,
            TorchRuntime.Resolved runtime,
            ImageLimits limits,
            ProgressListener progress) {
        try (CachedEmbeddings embeddings = new CachedEmbeddings(
                () -> ImageEmbedder.open(bundle, runtime, limits),
                () -> TextEmbedder.open(bundle, runtime),
                null,
                progress)) {
            return FeatureStatistics.of(SplitFeatures.of(kind, path, split, embeddings));
        }
    }
}
