package io.cirstream.standalone.serve;

import io.cirstream.core.config.Settings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration keys a service reads, and the check of the keys a user set against them: an unknown key in a
 * properties file or a {@code --set} is refused (with the nearest known key), one in the environment or the system
 * properties is reported as ignored.
 */
public final class KnownKeys {

    /** Variables of the launcher ({@code bin/cirstream}) and the JVM's home property: no service reads them. */
    static final Set<String> LAUNCHER_NAMES =
            Set.of("CIRSTREAM_HOME", "CIRSTREAM_SKIP_BUILD", "CIRSTREAM_JAVA_OPTS", "CIRSTREAM_LOG_LEVEL");

    /** The farthest (in edits) a known key may be from an unknown one to be suggested. */
    private static final int MAX_SUGGESTION_DISTANCE = 4;

    private final String service;
    private final Map<String, String> byEnvironmentName = new LinkedHashMap<>();

    /**
     * @param service the service's name, for messages
     * @param keys the dotted keys it reads
     */
    public KnownKeys(String service, List<String> keys) {
        this.service = service;
        keys.forEach(key -> byEnvironmentName.put(Settings.environmentName(key), key));
    }

    public List<String> keys() {
        return List.copyOf(byEnvironmentName.values());
    }

    /** Whether the service reads this key (dotted or in its environment form). */
    public boolean known(String key) {
        return byEnvironmentName.containsKey(Settings.environmentName(key));
    }

    /**
     * Refuses an unknown cirstream key in a checked layer and returns the unknown ones of the other layers.
     *
     * @return one line per ignored key: {@code CIRSTREAM_X (environment)}
     * @throws IllegalArgumentException naming the first unknown key of a checked layer, its layer and a suggestion
     */
    public List<String> check(LayeredSettings settings) {
        List<String> ignored = new ArrayList<>();
        for (LayeredSettings.Layer layer : settings.layers()) {
            for (String key : layer.entries().keySet()) {
                String name = Settings.environmentName(key);
                if (!name.startsWith(LayeredSettings.ENVIRONMENT_PREFIX)
                        || known(key)
                        || LAUNCHER_NAMES.contains(name)) {
                    continue;
                }
                if (layer.checked()) {
                    throw new IllegalArgumentException("unknown configuration key '" + key + "' in " + layer.name()
                            + ": the " + service + " service does not read it"
                            + suggestion(name)
                                    .map(s -> " (did you mean " + s + "?)")
                                    .orElse("")
                            + "; its keys are listed by `cirstream serve " + service + " --keys`");
                }
                ignored.add(key + " (" + layer.name() + ")");
            }
        }
        return ignored;
    }

    private Optional<String> suggestion(String environmentName) {
        return byEnvironmentName.entrySet().stream()
                .map(entry -> Map.entry(distance(environmentName, entry.getKey()), entry.getValue()))
                .filter(entry -> entry.getKey() <= MAX_SUGGESTION_DISTANCE)
                .min(Comparator.comparing(Map.Entry<Integer, String>::getKey))
                .map(Map.Entry::getValue);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
