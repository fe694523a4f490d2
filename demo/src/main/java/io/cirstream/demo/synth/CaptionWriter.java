package io.cirstream.demo.synth;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes relative captions from attribute changes, with paraphrases: FashionIQ-style descriptions ("is red instead of
 * blue and has long sleeves") and CIRR-style instructions ("make it red and add long sleeves"). Every change is named
 * by at least one of the two FashionIQ captions and by the CIRR caption, so the target is always the reference
 * changed as the captions say. The surface noise real captions have (a capital letter, a trailing full stop, a stray
 * space) is added at random; the evaluation form strips and normalises it.
 */
final class CaptionWriter {

    private static final List<String> VAGUE = List.of("looks similar", "is the same style", "is a similar one");
    private static final double SPLIT_CHANGES = 0.5;
    private static final double VAGUE_SECOND = 0.25;
    private static final double CAPITAL = 0.3;
    private static final double FULL_STOP = 0.3;
    private static final double STRAY_SPACE = 0.1;

    private final Phrases phrases = new Phrases();

    Captions write(List<Change> changes, SplittableRandom random) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a triplet needs at least one change");
        }
        List<Change> shuffled = shuffled(changes, random);
        List<Change> first;
        List<Change> second;
        if (shuffled.size() > 1 && random.nextDouble() < SPLIT_CHANGES) {
            int cut = 1 + random.nextInt(shuffled.size() - 1);
            first = shuffled.subList(0, cut);
            second = shuffled.subList(cut, shuffled.size());
        } else {
            first = shuffled;
            second = shuffled(changes, random);
        }
        String firstText = describe(first, random);
        String secondText;
        Set<Attribute> secondMentions;
        if (shuffled.size() == 1 && random.nextDouble() < VAGUE_SECOND) {
            secondText = VAGUE.get(random.nextInt(VAGUE.size()));
            secondMentions = Set.of();
        } else {
            secondText = describe(second, random);
            secondMentions = attributes(second);
        }
        String cirr = instruct(shuffled(changes, random), random);
        return new Captions(
                noisy(firstText, random), noisy(secondText, random), cirr, attributes(first), secondMentions);
    }

    private String describe(List<Change> changes, SplittableRandom random) {
        List<String> parts = new ArrayList<>();
        for (Change change : changes) {
            parts.add(phrases.describe(change, random));
        }
        return join(parts, random);
    }

    private String instruct(List<Change> changes, SplittableRandom random) {
        List<String> parts = new ArrayList<>();
        for (Change change : changes) {
            parts.add(phrases.instruct(change, random));
        }
        String text = join(parts, random);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + (random.nextBoolean() ? "." : "");
    }

    private static String join(List<String> parts, SplittableRandom random) {
        StringBuilder text = new StringBuilder(parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            text.append(last || random.nextBoolean() ? " and " : ", ").append(parts.get(i));
        }
        return text.toString();
    }

    private static String noisy(String text, SplittableRandom random) {
        String out = text;
        if (random.nextDouble() < CAPITAL) {
            out = Character.toUpperCase(out.charAt(0)) + out.substring(1);
        }
        if (random.nextDouble() < FULL_STOP) {
            out = out + ".";
        }
        if (random.nextDouble() < STRAY_SPACE) {
            out = " " + out + " ";
        }
        return out;
    }

    private static List<Change> shuffled(List<Change> changes, SplittableRandom random) {
        List<Change> out = new ArrayList<>(changes);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Change swap = out.get(i);
            out.set(i, out.get(j));
            out.set(j, swap);
        }
        return out;
    }

    private static Set<Attribute> attributes(List<Change> changes) {
        Set<Attribute> out = EnumSet.noneOf(Attribute.class);
        changes.forEach(change -> out.add(change.attribute()));
        return out;
    }
}
