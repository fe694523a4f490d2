package io.cirstream.ingest.store;

import io.cirstream.core.store.VectorStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the store's collections stand against the configured encoder version, and what follows from it. The version's
 * collection is created if missing. Then:
 *
 * <ul>
 *   <li>no active collection yet: it becomes the active one at once; a rebuild from the catalogue topic's start is
 *       needed only if the consumer group has committed offsets (the store was lost or replaced while the group went
 *       on, so the offsets no longer say what the store holds);
 *   <li>it is the active one: nothing to do;
 *   <li>another version is active: the new collection is rebuilt from the catalogue topic's start while the live
 *       stream keeps writing to both, and the alias switches to it when the rebuild has caught up.
 * </ul>
 *
 * @param targets where the live stream writes
 * @param rebuild whether to rebuild {@code targets.target()} from the topic's start
 * @param switchWhenRebuilt whether the rebuilt collection still has to become the active one
 */
public record CollectionPlan(WriteTargets targets, boolean rebuild, boolean switchWhenRebuilt) {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionPlan.class);

    /** Prepares the collections of {@code encoderVersion} (features of {@code dimension}) in {@code store}. */
    public static CollectionPlan prepare(
            VectorStore store, String encoderVersion, int dimension, boolean groupHasCommittedOffsets) {
        Optional<String> active = store.activeCollection();
        store.createCollection(encoderVersion, dimension);
        if (active.isEmpty()) {
            store.switchTo(encoderVersion);
            if (groupHasCommittedOffsets) {
                LOG.warn(
                        "the store has no active collection but the consumer group has committed offsets: rebuilding"
                                + " {} from the start of the catalogue topic",
                        encoderVersion);
            }
            return new CollectionPlan(WriteTargets.only(encoderVersion), groupHasCommittedOffsets, false);
        }
        if (active.get().equals(encoderVersion)) {
            return new CollectionPlan(WriteTargets.only(encoderVersion), false, false);
        }
        LOG.info(
                "image encoder version {} differs from the active collection {}: rebuilding {} from the start of the"
                        + " catalogue topic, then switching to it",
                encoderVersion,
                active.get(),
                encoderVersion);
        return new CollectionPlan(new WriteTargets(encoderVersion, active), true, true);
    }
}
