package io.cirstream.core.eval;

import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.store.FeatureVectors;
import java.util.Locale;

/**
 * How a reference image feature and a caption feature become one query. {@link #SUM} is the zero-shot / stage-1
 * baseline {@code normalize(i + t)} (CLIP4Cir's {@code element_wise_sum}); {@link #COMBINER} is the trained CLIP4Cir
 * Combiner on the raw features. Both take raw features.
 */
public enum Fusion {
    SUM,
    COMBINER;

    public static Fusion parse(String value) {
        for (Fusion fusion : values()) {
            if (fusion.cliName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return fusion;
            }
        }
        throw new IllegalArgumentException("fusion must be 'sum' or 'combiner', got '" + value + "'");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The query features of {@code text[i]} with {@code image[i]}.
     *
     * @param combiner the Combiner ({@link #COMBINER} only; may be null for {@link #SUM})
     */
    public float[][] compose(float[][] text, float[][] image, Combiner combiner) {
        if (text.length != image.length) {
            throw new IllegalArgumentException(text.length + " captions for " + image.length + " images");
        }
        return switch (this) {
            case SUM -> sum(text, image);
            case COMBINER -> {
                if (combiner == null) {
                    throw new IllegalArgumentException("fusion 'combiner' needs a Combiner");
                }
                yield combiner.combine(text, image);
            }
        };
    }

    private static float[][] sum(float[][] text, float[][] image) {
        float[][] out = new float[text.length][];
        for (int i = 0; i < out.length; i++) {
            float[] summed = new float[text[i].length];
            for (int d = 0; d < summed.length; d++) {
                summed[d] = image[i][d] + text[i][d];
            }
            out[i] = FeatureVectors.normalised("query " + i, summed);
        }
        return out;
    }
}
