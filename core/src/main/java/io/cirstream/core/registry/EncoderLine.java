package io.cirstream.core.registry;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.Settings;
import io.cirstream.core.modelstore.ModelStore;
import java.util.List;

/**
 * The model line on the model topic that announces model bundles with new encoders ({@link BundlePublisher}). Ingest
 * instances following it re-embed the catalogue into a new collection and switch to it; query instances load the
 * announced encoders ahead of the switch and answer with them from the switch on.
 */
public final class EncoderLine {

    /** The default line. */
    public static final String DEFAULT = "encoders";

    /** The line's name; the same for the publisher, ingest and query instances. */
    public static final ConfigKey<String> KEY = ConfigKey.of("cirstream.model.encoder-line", ConfigKey.STRING)
            .withDefault(DEFAULT)
            .doc("the model line on `cir.models` announcing bundles with new encoders (the same for ingest, query"
                    + " and trainer; not a Combiner's model name)");

    private EncoderLine() {}

    /** The line the settings name ({@value #DEFAULT} by default). */
    public static String from(Settings settings) {
        return ModelStore.requireName(KEY.name(), KEY.read(settings));
    }

    /** The declaration of its key. */
    public static List<ConfigKey<?>> declared() {
        return List.of(KEY);
    }
}
