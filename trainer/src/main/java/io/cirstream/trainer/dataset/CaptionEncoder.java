package io.cirstream.trainer.dataset;

import java.util.List;

/** Raw text features of captions, one row each: the text encoder ({@code TextEmbedder::embed}). */
@FunctionalInterface
public interface CaptionEncoder {
    float[][] embed(List<String> captions);
}
