package io.cirstream.core.model;

import io.cirstream.core.InvalidInputException;

/**
 * The outcome for one image of a batch: its raw feature, or why it was refused. A bad image never fails the rest of
 * its batch.
 *
 * @param name the image's name
 * @param feature the raw (un-normalised) feature, or null when refused
 * @param error why the image was refused, or null
 */
public record ImageEmbedding(String name, float[] feature, InvalidInputException error) {

    public boolean ok() {
        return error == null;
    }

    /** The feature, or the refusal as an exception. */
    public float[] featureOrThrow() {
        if (error != null) {
            throw error;
        }
        return feature;
    }
}
