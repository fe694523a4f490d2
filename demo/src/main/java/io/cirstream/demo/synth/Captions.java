package io.cirstream.demo.synth;

import java.util.Set;

/**
 * The captions of one synthetic triplet: two FashionIQ-style descriptions of the target relative to the reference
 * (as two annotators would write them: together they name every change) and one CIRR-style instruction.
 *
 * @param first the first FashionIQ caption
 * @param second the second FashionIQ caption
 * @param cirr the CIRR caption
 * @param firstMentions the attributes the first caption talks about
 * @param secondMentions the attributes the second caption talks about
 */
public record Captions(
        String first, String second, String cirr, Set<Attribute> firstMentions, Set<Attribute> secondMentions) {

    public Captions {
        firstMentions = Set.copyOf(firstMentions);
        secondMentions = Set.copyOf(secondMentions);
    }
}
