package io.cirstream.trainer.stage1;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which CLIP encoders stage 1 fine-tunes: both (CLIP4Cir, TOMM 2023), the text encoder only (the CVPR-W 2022
 * version) or the image encoder only. A frozen encoder runs without autograd and keeps its weights bit for bit.
 */
public enum EncoderSelection {
    BOTH(true, true),
    TEXT(false, true),
    IMAGE(true, false);

    private final boolean image;
    private final boolean text;

    EncoderSelection(boolean image, boolean text) {
        this.image = image;
        this.text = text;
    }

    /** Whether the image encoder trains. */
    public boolean trainsImage() {
        return image;
    }

    /** Whether the text encoder trains. */
    public boolean trainsText() {
        return text;
    }

    /** The command-line name: both, text, image. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name. */
    public static EncoderSelection parse(String name) {
        return Arrays.stream(values())
                .filter(v -> v.cliName().equals(name.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("unknown encoder selection '" + name + "': both, text or image"));
    }
}
