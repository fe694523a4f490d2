package io.cirstream.trainer.stage1;

import java.util.Locale;

/**
 * Stage 1's arithmetic: {@link #FP32} everywhere, or {@link #MIXED}: forward and backward in float16 with float32
 * master weights and dynamic loss scaling ({@link MixedPrecision}), meant for GPUs.
 */
public enum Precision {
    FP32,
    MIXED;

    /** The command-line spelling. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fp32} or {@code mixed}. */
    public static Precision parse(String value) {
        for (Precision precision : values()) {
            if (precision.cliName().equalsIgnoreCase(value.trim())) {
                return precision;
            }
        }
        throw new IllegalArgumentException("precision must be fp32 or mixed, got '" + value + "'");
    }
}
