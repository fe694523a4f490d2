package io.cirstream.standalone.serve;

import io.cirstream.core.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service's settings from layers, the later ones winning: the environment, then system properties, then a
 * properties file, then {@code --set} overrides. Every layer may write a key dotted ({@code
 * cirstream.ingest.batch-size}) or in its environment form ({@code CIRSTREAM_INGEST_BATCH_SIZE}); both name the same
 * key, so a higher layer always wins whatever form each uses (a plain {@link Settings} prefers the dotted form).
 * Only cirstream's keys are taken from the layers. An empty value counts as not set: the key's default applies.
 */
public final class LayeredSettings {

    /** The environment form every cirstream key starts with. */
    public static final String ENVIRONMENT_PREFIX = "CIRSTREAM_";

    private final List<Layer> layers;

    /**
     * One source of settings.
     *
     * @param name what the source is called in messages ({@code environment}, {@code --set}, a file's path)
     * @param entries its entries, any keys (those that are not cirstream's are left out)
     * @param checked whether every cirstream key in it must be one the service reads (a file and {@code --set}: a
     *     typo there is refused; the environment and system properties carry other programs' settings too)
     */
    public record Layer(String name, Map<String, String> entries, boolean checked) {
        public Layer {
            Objects.requireNonNull(name, "name");
            entries = Map.copyOf(entries);
        }

        /** This layer's cirstream entries, keyed by their environment form. */
        Map<String, String> normalised() {
            Map<String, String> out = new LinkedHashMap<>();
            entries.forEach((key, value) -> {
                String name = Settings.environmentName(key);
                if (name.startsWith(ENVIRONMENT_PREFIX)) {
                    out.put(name, value);
                }
            });
            return out;
        }
    }

    /** @param layers lowest precedence first */
    public LayeredSettings(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** The environment, the system properties, an optional file's entries and the overrides, in that precedence. */
    public static LayeredSettings of(
            Map<String, String> environment,
            Map<String, String> systemProperties,
            String fileName,
            Map<String, String> file,
            Map<String, String> overrides) {
        return new LayeredSettings(List.of(
                new Layer("environment", environment, false),
                new Layer("system properties", systemProperties, false),
                new Layer(fileName, file, true),
                new Layer("--set", overrides, true)));
    }

    public List<Layer> layers() {
        return layers;
    }

    /** The merged settings. */
    public Settings settings() {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Layer layer : layers) {
            merged.putAll(layer.normalised());
        }
        return Settings.of(merged);
    }

    /** How many of the service's keys each layer sets, for the start-up line: {@code environment 3, --set 1}. */
    public String summary(KnownKeys keys) {
        StringBuilder out = new StringBuilder();
        for (Layer layer : layers) {
            long count =
                    layer.normalised().keySet().stream().filter(keys::known).count();
            if (count > 0) {
                out.append(out.isEmpty() ? "" : ", ")
                        .append(layer.name())
                        .append(' ')
                        .append(count);
            }
        }
        return out.isEmpty() ? "defaults only" : out.toString();
    }
}
