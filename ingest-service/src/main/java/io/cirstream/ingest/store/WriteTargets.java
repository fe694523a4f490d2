package io.cirstream.ingest.store;

import java.util.Objects;
import java.util.Optional;

/**
 * Where catalogue changes are written: the collection of the configured encoder version, and, while that one is
 * rebuilt beside the active collection of an older version, the active one too (scalar changes and deletions only:
 * its features come from an encoder this service does not run).
 *
 * @param target the configured encoder version's collection; every write goes here
 * @param mirror the active collection while it is another version than {@code target}
 */
public record WriteTargets(String target, Optional<String> mirror) {

    public WriteTargets {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mirror, "mirror");
        if (mirror.isPresent() && mirror.get().equals(target)) {
            mirror = Optional.empty();
        }
    }

    /** Writes to {@code target} only. */
    public static WriteTargets only(String target) {
        return new WriteTargets(target, Optional.empty());
    }

    /** The collections in words, as the health check reports them. */
    @Override
    public String toString() {
        return "collection " + target
                + mirror.map(m -> " (and scalar changes to the active " + m + ")")
                        .orElse("");
    }
}
