package io.cirstream.core.registry;

import io.cirstream.core.config.Settings;
import io.cirstream.core.modelstore.ModelStore;

/**
 * The model line on the model topic that announces model bundles with new encoders ({@link BundlePublisher}). Ingest
 * instances following it re-embed the catalogue into a new collection and switch to it; query instances load the
 * announced encoders ahead of the switch and answer with them from the switch on.
 */
public final class EncoderLine {

    /** The line's name; the same for the publisher, ingest and query instances. */
    public static final String KEY = "cirstream.model.encoder-line";

    public static final String DEFAULT = "encoders";

    private EncoderLine() {}

    /** The line the settings name ({@value #DEFAULT} by default). */
    public static String from(Settings settings) {
        return ModelStore.requireName(KEY, settings.string(KEY, DEFAULT));
    }
}
