package io.cirstream.ingest.chaos;

import java.util.List;
import java.util.Map;

/**
 * Where every event of one run ended up.
 *
 * @param in events sent
 * @param applied products whose newest version the store reflects (held with it, or absent after a removal)
 * @param stale events older than a version before them, none of which the store holds (with bad events a replay
 *     skipped as stale, see {@code notes})
 * @param deadLettered bad events found on the dead-letter topic with their reason
 * @param superseded events a newer one replaced
 * @param lost events whose outcome is not there: a newest version not held (or held wrong, or a stale one in its
 *     place), a removal not done, a bad event without its dead letter, a good event dead-lettered
 * @param duplicated events there more than once: rows beyond the products that must be held, dead letters beyond one
 *     per bad event
 * @param badKinds per kind of bad event, how many were dead-lettered with their reason checked
 * @param problems what is wrong, event by event (the first ones)
 * @param notes what is right but worth saying: bad events a replay skipped as stale instead of dead-lettering them
 */
record Accounting(
        long in,
        long applied,
        long stale,
        long deadLettered,
        long superseded,
        long lost,
        long duplicated,
        Map<BadKind, Long> badKinds,
        List<String> problems,
        List<String> notes) {

    /** Whether every event is accounted for exactly once. */
    boolean clean() {
        return lost == 0 && duplicated == 0 && problems.isEmpty();
    }
}
