package io.cirstream.demo.synth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Pairs references with targets inside each family: every product is the reference of {@code perProduct} triplets
 * (fewer in a small family), its targets drawn among the family members that differ from it in one to
 * {@value #MAX_CHANGES} attributes where there are such, without repeating a pair. The rest of the family are the
 * confusable distractors.
 */
final class TripletDesign {

    static final int MAX_CHANGES = 2;

    private TripletDesign() {}

    static List<SynthTriplet> triplets(List<List<SynthProduct>> families, int perProduct, long seed) {
        CaptionWriter writer = new CaptionWriter();
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<SynthTriplet> triplets = new ArrayList<>();
        for (List<SynthProduct> family : families) {
            SplittableRandom familyRandom = random.split();
            for (SynthProduct reference : family) {
                Set<String> used = new HashSet<>();
                for (int n = 0; n < perProduct; n++) {
                    SynthProduct target = pickTarget(reference, family, used, familyRandom);
                    if (target == null) {
                        break;
                    }
                    used.add(target.id());
                    List<Change> changes = reference.look().changesTo(target.look());
                    triplets.add(new SynthTriplet(reference, target, changes, writer.write(changes, familyRandom)));
                }
            }
        }
        return triplets;
    }

    private static SynthProduct pickTarget(
            SynthProduct reference, List<SynthProduct> family, Set<String> used, SplittableRandom random) {
        List<SynthProduct> close = new ArrayList<>();
        List<SynthProduct> any = new ArrayList<>();
        for (SynthProduct member : family) {
            if (member == reference || used.contains(member.id())) {
                continue;
            }
            any.add(member);
            if (reference.look().changesTo(member.look()).size() <= MAX_CHANGES) {
                close.add(member);
            }
        }
        List<SynthProduct> pool = close.isEmpty() ? any : close;
        return pool.isEmpty() ? null : pool.get(random.nextInt(pool.size()));
    }
}
