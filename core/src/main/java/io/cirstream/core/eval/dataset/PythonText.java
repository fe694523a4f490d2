package io.cirstream.core.eval.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * CPython's {@code str.strip(chars)} and {@code str.capitalize()}, code point for code point, as CLIP4Cir applies them
 * to FashionIQ captions. {@code capitalize} puts the first character in its full title case, lower-cases the rest with
 * the full lower-case mappings and the final-sigma rule (Python 3.8+). The one-character mappings come from the JDK's
 * Unicode data; the longer ones ({@code ß} → {@code Ss}, {@code İ} → {@code i̇}, ligatures...) from CPython itself
 * ({@code python-casing.txt}, written by {@code tools/make_caption_vectors.py}).
 */
public final class PythonText {

    private static final String CASING_RESOURCE = "python-casing.txt";
    private static final int CAPITAL_SIGMA = 0x03A3;
    private static final int SMALL_SIGMA = 0x03C3;
    private static final int FINAL_SIGMA = 0x03C2;
    /** Word_Break MidLetter, MidNumLet and Single_Quote: case-ignorable besides the mark/format/modifier categories. */
    private static final String MID_WORD =
            "'.:\u00B7\u0387\u055F\u05F4\u2018\u2019\u2024\u2027\uFE13\uFE52\uFE55\uFF07\uFF0E\uFF1A";

    private static final Map<Integer, String> TITLE = new HashMap<>();
    private static final Map<Integer, String> LOWER = new HashMap<>();

    static {
        loadMappings();
    }

    private PythonText() {}

    /** Python's {@code text.strip(chars)}: removes every leading and trailing character that is in {@code chars}. */
    public static String strip(String text, String chars) {
        int start = 0;
        int end = text.length();
        while (start < end && chars.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }

    /** Python's {@code text.capitalize()}: first character in title case, the rest in lower case. */
    public static String capitalize(String text) {
        if (text.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 4);
        int first = text.codePointAt(0);
        String title = TITLE.get(first);
        if (title != null) {
            out.append(title);
        } else {
            out.appendCodePoint(Character.toTitleCase(first));
        }
        for (int i = Character.charCount(first); i < text.length(); ) {
            int cp = text.codePointAt(i);
            appendLower(out, text, i, cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static void appendLower(StringBuilder out, String text, int index, int cp) {
        if (cp == CAPITAL_SIGMA) {
            out.appendCodePoint(isFinalSigma(text, index) ? FINAL_SIGMA : SMALL_SIGMA);
            return;
        }
        String lower = LOWER.get(cp);
        if (lower != null) {
            out.append(lower);
        } else {
            out.appendCodePoint(Character.toLowerCase(cp));
        }
    }

    /** CPython's rule: a cased letter before (skipping case-ignorables), and none after (skipping the same). */
    private static boolean isFinalSigma(String text, int index) {
        int j = index;
        int before = -1;
        while (j > 0) {
            int cp = text.codePointBefore(j);
            j -= Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                before = cp;
                break;
            }
        }
        if (before < 0 || !isCased(before)) {
            return false;
        }
        for (int k = index + 1; k < text.length(); ) {
            int cp = text.codePointAt(k);
            if (!isCaseIgnorable(cp)) {
                return !isCased(cp);
            }
            k += Character.charCount(cp);
        }
        return true;
    }

    /** Unicode's Cased property: Lowercase, Uppercase or a title-case letter. */
    static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /** Unicode's Case_Ignorable property. */
    static boolean isCaseIgnorable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.FORMAT,
                    Character.MODIFIER_LETTER,
                    Character.MODIFIER_SYMBOL -> true;
            default -> MID_WORD.indexOf(cp) >= 0;
        };
    }

    private static void loadMappings() {
        try (InputStream in = PythonText.class.getResourceAsStream(CASING_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + CASING_RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                StringBuilder mapped = new StringBuilder();
                for (int i = 2; i < parts.length; i++) {
                    mapped.appendCodePoint(Integer.parseInt(parts[i], 16));
                }
                Map<Integer, String> table = "title".equals(parts[0]) ? TITLE : LOWER;
                table.put(Integer.parseInt(parts[1], 16), mapped.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CASING_RESOURCE, e);
        }
    }
}
