package io.cirstream.demo.synth;

import java.util.SplittableRandom;

/**
 * The paraphrases of one attribute change: a description of the target ("is red instead of blue") and an
 * instruction ("make it red"). Each paraphrase names the target's value, or the direction for ordered attributes
 * ("has longer sleeves"), so the caption always determines the change.
 */
final class Phrases {

    String describe(Change change, SplittableRandom random) {
        String to = change.toValue();
        String from = change.fromValue();
        String noun = change.category().noun();
        return switch (change.attribute()) {
            case COLOUR ->
                pick(
                        random,
                        "is " + to,
                        "is " + to + " instead of " + from,
                        "is " + to + " not " + from,
                        "has a " + to + " colour",
                        "is a " + to + " " + noun,
                        "is " + to + " coloured");
            case PATTERN -> describePattern(to, from, random);
            case SLEEVES -> describeSleeves(change, random);
            case LENGTH -> describeLength(change, random);
            case STYLE ->
                pick(random, "is a " + to, "is a " + to + " instead of a " + from, "is a " + to + " style " + noun);
            case SIZE ->
                change.direction() > 0
                        ? pick(random, "is bigger", "is larger", "looks bigger", "is " + to)
                        : pick(random, "is smaller", "is more compact", "looks smaller", "is " + to);
            case LOGO -> describeLogo(to, from, random);
        };
    }

    String instruct(Change change, SplittableRandom random) {
        String to = change.toValue();
        String from = change.fromValue();
        return switch (change.attribute()) {
            case COLOUR ->
                pick(
                        random,
                        "make it " + to,
                        "change the colour to " + to,
                        "turn the " + from + " into " + to,
                        "use " + to + " instead of " + from);
            case PATTERN ->
                "plain".equals(to)
                        ? pick(random, "remove the pattern", "make it plain")
                        : pick(random, "make it " + to, "give it a " + to + " pattern", "change the pattern to " + to);
            case SLEEVES ->
                switch (to) {
                    case "sleeveless" -> pick(random, "remove the sleeves", "make it sleeveless");
                    case "short-sleeved" -> pick(random, "give it short sleeves", "make the sleeves short");
                    default -> pick(random, "give it long sleeves", "make the sleeves long");
                };
            case LENGTH -> pick(random, change.direction() > 0 ? "make it longer" : "make it shorter", "make it " + to);
            case STYLE -> pick(random, "make it a " + to, "change it to a " + to, "show a " + to + " instead");
            case SIZE -> pick(random, change.direction() > 0 ? "make it bigger" : "make it smaller", "make it " + to);
            case LOGO ->
                "none".equals(to)
                        ? pick(random, "remove the logo", "take off the " + from + " print")
                        : "none".equals(from)
                                ? pick(random, "add a " + to + " logo", "put a " + to + " on it")
                                : pick(random, "replace the " + from + " with a " + to, "change the logo to a " + to);
        };
    }

    private static String describePattern(String to, String from, SplittableRandom random) {
        return switch (to) {
            case "plain" -> pick(random, "is plain", "has no pattern", "is plain instead of " + from);
            case "striped" -> pick(random, "has stripes", "is striped", "is striped instead of " + from);
            case "dotted" -> pick(random, "has polka dots", "is dotted", "has dots");
            case "checked" -> pick(random, "is checked", "has a checked pattern", "is checked instead of " + from);
            default -> pick(random, "has a zigzag pattern", "has zigzags");
        };
    }

    private static String describeSleeves(Change change, SplittableRandom random) {
        String comparative = change.direction() > 0 ? "has longer sleeves" : "has shorter sleeves";
        return switch (change.toValue()) {
            case "sleeveless" -> pick(random, "is sleeveless", "has no sleeves");
            case "short-sleeved" -> pick(random, "has short sleeves", "is short sleeved", comparative);
            default -> pick(random, "has long sleeves", "is long sleeved", comparative);
        };
    }

    private static String describeLength(Change change, SplittableRandom random) {
        String comparative = change.direction() > 0 ? "is longer" : "is shorter";
        return switch (change.toValue()) {
            case "mini" -> pick(random, "is a mini dress", "is very short", comparative);
            case "knee-length" -> pick(random, "is knee length", "is knee-length", comparative);
            case "maxi" -> pick(random, "is a maxi dress", "is floor length", comparative);
            case "shorts" -> pick(random, "are shorts", "is a pair of shorts", comparative);
            case "cropped" -> pick(random, "is cropped", "is ankle length", comparative);
            default -> pick(random, "is full length", "has long legs", comparative);
        };
    }

    private static String describeLogo(String to, String from, SplittableRandom random) {
        if ("none".equals(to)) {
            return pick(random, "has no logo", "has no print", "is without the " + from + " print");
        }
        if ("none".equals(from)) {
            return pick(random, "has a " + to + " logo", "has a " + to + " print", "has a " + to + " on the front");
        }
        return pick(random, "has a " + to + " instead of a " + from, "has a " + to + " logo");
    }

    private static String pick(SplittableRandom random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
