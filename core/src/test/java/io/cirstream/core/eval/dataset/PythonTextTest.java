package io.cirstream.core.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Java's port against CPython's own output (tools/make_caption_vectors.py, committed under test resources). */
class PythonTextTest {

    /**
     * Code points whose Unicode data changed between CPython 3.11's Unicode 14 (the vectors) and newer JDKs (Unicode
     * 15.1 in Java 21, 16 in Java 25): U+019B and U+0264 gained upper/title-case mappings in Unicode 16, U+1171E
     * became a spacing mark. No caption of a released dataset contains them.
     */
    private static final java.util.Set<String> UNICODE_VERSION_CHANGES = java.util.Set.of("019B", "0264", "1171E");

    @Test
    void stripRemovesOnlyTheGivenCharactersAtBothEnds() {
        assertThat(PythonText.strip(" ., is red ,.? ", ".?, ")).isEqualTo("is red");
        assertThat(PythonText.strip("\tis red.", ".?, ")).isEqualTo("\tis red");
        assertThat(PythonText.strip("...", ".?, ")).isEmpty();
        assertThat(PythonText.strip("", ".?, ")).isEmpty();
        assertThat(PythonText.strip("a.b", ".?, ")).isEqualTo("a.b");
    }

    @Test
    void capitalizeLowerCasesTheRestLikePython() {
        assertThat(PythonText.capitalize("is RED and Has LONG sleeves")).isEqualTo("Is red and has long sleeves");
        assertThat(PythonText.capitalize("ßig")).isEqualTo("Ssig");
        assertThat(PythonText.capitalize("ǆemal")).isEqualTo("ǅemal");
        assertThat(PythonText.capitalize("xİ")).isEqualTo("Xi\u0307");
        assertThat(PythonText.capitalize("ΟΔΟΣ")).isEqualTo("Οδος".replace('σ', 'ς'));
        assertThat(PythonText.capitalize("")).isEmpty();
    }

    @Test
    void everyCodePointCapitalizesAsInCPython() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : resourceLines("/eval/python-casing-vectors.tsv")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            int cp = Integer.parseInt(cols[0], 16);
            String ch = new String(Character.toChars(cp));
            String first = PythonText.capitalize(ch);
            String later = PythonText.capitalize("0" + ch).substring(1);
            char expectedClass = cols[3].charAt(0);
            char actualClass = PythonText.isCaseIgnorable(cp) ? 'I' : PythonText.isCased(cp) ? 'C' : 'N';
            checked++;
            if (!first.equals(decode(cols[1])) || !later.equals(decode(cols[2])) || expectedClass != actualClass) {
                mismatches.add(cols[0] + " python=" + cols[1] + "|" + cols[2] + "|" + cols[3] + " java=" + hex(first)
                        + "|" + hex(later) + "|" + actualClass);
            }
        }
        assertThat(checked).isGreaterThan(6000);
        assertThat(mismatches)
                .as("code points where Java differs from CPython, other than Unicode version changes")
                .allMatch(line -> UNICODE_VERSION_CHANGES.contains(line.substring(0, line.indexOf(' '))));
    }

    @Test
    void captionPairsComposeAsInClip4Cir() throws IOException {
        JsonNode vectors;
        try (InputStream in = PythonTextTest.class.getResourceAsStream("/eval/fashioniq-caption-vectors.json")) {
            vectors = new ObjectMapper().readTree(in).get("vectors");
        }
        assertThat(vectors.size()).isGreaterThan(20);
        for (JsonNode vector : vectors) {
            String c1 = vector.get("captions").get(0).asText();
            String c2 = vector.get("captions").get(1).asText();
            assertThat(PythonText.strip(c1, FashionIqCaptions.STRIPPED))
                    .isEqualTo(vector.get("strip").get(0).asText());
            assertThat(PythonText.strip(c2, FashionIqCaptions.STRIPPED))
                    .isEqualTo(vector.get("strip").get(1).asText());
            assertThat(PythonText.capitalize(c1))
                    .isEqualTo(vector.get("capitalize").get(0).asText());
            assertThat(PythonText.capitalize(c2))
                    .isEqualTo(vector.get("capitalize").get(1).asText());
            assertThat(FashionIqCaptions.evaluation(c1, c2))
                    .isEqualTo(vector.get("evaluation").asText());
            List<String> training = new ArrayList<>();
            vector.get("training").forEach(form -> training.add(form.asText()));
            assertThat(FashionIqCaptions.trainingForms(c1, c2)).isEqualTo(training);
        }
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = PythonTextTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String decode(String hexes) {
        StringBuilder out = new StringBuilder();
        for (String part : hexes.split(" ")) {
            if (!part.isEmpty()) {
                out.appendCodePoint(Integer.parseInt(part, 16));
            }
        }
        return out.toString();
    }

    private static String hex(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(out.isEmpty() ? "" : " ").append(String.format("%04X", cp)));
        return out.toString();
    }
}
