package io.cirstream.demo.synth;

import java.util.List;

/**
 * A reference, a target of the same family and the captions that say how they differ.
 *
 * @param reference the reference product
 * @param target the target product
 * @param changes what differs, in attribute order
 * @param captions what the captions say
 */
public record SynthTriplet(SynthProduct reference, SynthProduct target, List<Change> changes, Captions captions) {

    public SynthTriplet {
        changes = List.copyOf(changes);
    }
}
