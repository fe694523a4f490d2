package io.cirstream.core.config;

import java.util.List;
import java.util.stream.Stream;

/** Key lists of configuration records, made from their declarations. */
public final class ConfigKeys {

    private ConfigKeys() {}

    /** The names of these keys, groups joined, each once, sorted. */
    @SafeVarargs
    public static List<String> names(List<? extends ConfigKey<?>>... groups) {
        return Stream.of(groups)
                .flatMap(List::stream)
                .map(ConfigKey::name)
                .distinct()
                .sorted()
                .toList();
    }
}
