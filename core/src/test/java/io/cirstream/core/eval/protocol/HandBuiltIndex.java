package io.cirstream.core.eval.protocol;

import io.cirstream.core.eval.FeatureIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Indexes whose rankings can be worked out by hand: entry features are 2-D unit directions at whole-degree angles, so
 * for a query along the x axis (angle 0) the score of an entry is cos(angle) and entries rank by ascending angle;
 * entries at the same angle tie, and ties go to the lower index.
 */
final class HandBuiltIndex {

    private final List<String> ids = new ArrayList<>();
    private final List<float[]> features = new ArrayList<>();

    /** Adds an entry at {@code degrees}, with a raw length of {@code scale} (the index normalises it away). */
    HandBuiltIndex add(String id, double degrees, double scale) {
        double radians = Math.toRadians(degrees);
        ids.add(id);
        features.add(new float[] {(float) (scale * Math.cos(radians)), (float) (scale * Math.sin(radians))});
        return this;
    }

    HandBuiltIndex add(String id, double degrees) {
        return add(id, degrees, 1.0 + ids.size() % 3);
    }

    FeatureIndex build() {
        return FeatureIndex.of(ids, features.toArray(float[][]::new));
    }

    /** A query along the x axis, of some raw length (normalised by the index). */
    static float[] alongX() {
        return new float[] {2.5f, 0f};
    }
}
