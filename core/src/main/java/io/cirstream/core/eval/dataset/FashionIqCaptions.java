package io.cirstream.core.eval.dataset;

import java.util.List;

/**
 * How CLIP4Cir turns FashionIQ's two relative captions into one query text. Evaluation uses one fixed form,
 * {@code capitalize(strip(c1)) + " and " + strip(c2)}; training draws one of four forms per epoch with p = 1/4 each
 * (c1+c2, c2+c1, c1, c2). {@code strip} removes '.', '?', ',' and spaces at both ends; both operations have Python's
 * exact semantics ({@link PythonText}).
 */
public final class FashionIqCaptions {

    /** The characters CLIP4Cir strips from both ends of a caption: {@code str.strip('.?, ')}. */
    public static final String STRIPPED = ".?, ";

    private static final String JOIN = " and ";

    private FashionIqCaptions() {}

    /** The fixed evaluation text: {@code capitalize(strip(c1)) + " and " + strip(c2)}. */
    public static String evaluation(String first, String second) {
        return joined(first, second);
    }

    /**
     * The four training forms, in CLIP4Cir's order: c1 and c2, c2 and c1, c1 alone, c2 alone (each capitalised after
     * stripping). The trainer samples one of them uniformly per triplet and epoch ({@link CaptionVariants#sample}).
     */
    public static List<String> trainingForms(String first, String second) {
        return List.of(
                joined(first, second),
                joined(second, first),
                PythonText.capitalize(strip(first)),
                PythonText.capitalize(strip(second)));
    }

    /** Both the evaluation text and the training forms of one triplet's caption pair. */
    public static CaptionVariants variants(String first, String second) {
        return new CaptionVariants(evaluation(first, second), trainingForms(first, second));
    }

    private static String joined(String head, String tail) {
        return PythonText.capitalize(strip(head)) + JOIN + strip(tail);
    }

    private static String strip(String caption) {
        return PythonText.strip(caption, STRIPPED);
    }
}
