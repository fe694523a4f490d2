package io.cirstream.query.web;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
import io.cirstream.core.config.Settings;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The web demo's settings.
 *
 * @param trainerUrl the trainer service's HTTP address, for the page's "retrain now" button and the trainer's figures
 *     in the live view; empty: the page says that no trainer is configured
 */
public record WebDemoConfig(Optional<URI> trainerUrl) {

    /** The trainer service's HTTP address ({@code http://host:port}). */
    public static final ConfigKey<String> TRAINER_URL = ConfigKey.of(
                    "cirstream.query.demo.trainer-url", ConfigKey.STRING)
            .shownDefault("(none: the page says no trainer is configured)")
            .doc("the trainer's HTTP address (`http://trainer:8083`) for the web demo's retrain button and trainer"
                    + " figures");

    public WebDemoConfig {
        Objects.requireNonNull(trainerUrl, "trainerUrl");
        trainerUrl.ifPresent(url -> {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException(
                        TRAINER_URL + " must be an http(s) address such as http://trainer:8083, got " + url);
            }
        });
    }

    /** No trainer: the page shows the models and the stream, and says why it cannot retrain. */
    public static WebDemoConfig withoutTrainer() {
        return new WebDemoConfig(Optional.empty());
    }

    /** The settings in {@code settings}; throws {@link IllegalArgumentException} naming a bad value. */
    public static WebDemoConfig from(Settings settings) {
        return new WebDemoConfig(
                TRAINER_URL.readOptional(settings).map(value -> URI.create(value.replaceAll("/+$", ""))));
    }

    /** Every key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return ConfigKeys.names(declared());
    }

    /** The declarations of its keys. */
    public static List<ConfigKey<?>> declared() {
        return List.of(TRAINER_URL);
    }
}
