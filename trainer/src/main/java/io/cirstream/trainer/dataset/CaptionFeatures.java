package io.cirstream.trainer.dataset;

import java.util.List;
import java.util.Map;

/**
 * Raw text features of captions, by caption: core's {@code CachedEmbeddings::captions}, which answers from the
 * on-disk feature cache and encodes only the captions it has not seen.
 */
@FunctionalInterface
public interface CaptionFeatures {
    Map<String, float[]> of(List<String> captions);
}
