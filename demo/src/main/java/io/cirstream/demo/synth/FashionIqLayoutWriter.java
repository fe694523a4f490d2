package io.cirstream.demo.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the FashionIQ layout of the synthetic set: per category and split, {@code image_splits/split.<cat>.<split>.json}
 * (the split's products of that category) and {@code captions/cap.<cat>.<split>.json} ({@code target},
 * {@code candidate}, {@code captions[2]}, as released; the test split has no targets). Images are in
 * {@code images/<id>.jpg}, written by the generator.
 */
final class FashionIqLayoutWriter {

    static final String TEST_SPLIT = "test";

    private FashionIqLayoutWriter() {}

    /** Writes the JSON files; returns the triplet count per split. */
    static Map<String, Integer> write(Path root, List<SynthProduct> products, List<SynthTriplet> triplets)
            throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (String split : List.of("train", "val", TEST_SPLIT)) {
            for (Category category : Category.values()) {
                ArrayNode names = SynthJson.array();
                products.stream()
                        .filter(p -> p.split().equals(split) && p.category() == category)
                        .forEach(p -> names.add(p.id()));
                ArrayNode entries = SynthJson.array();
                for (SynthTriplet triplet : triplets) {
                    SynthProduct reference = triplet.reference();
                    if (!reference.split().equals(split) || reference.category() != category) {
                        continue;
                    }
                    ObjectNode entry = entries.addObject();
                    if (!TEST_SPLIT.equals(split)) {
                        entry.put("target", triplet.target().id());
                    }
                    entry.put("candidate", reference.id());
                    entry.putArray("captions")
                            .add(triplet.captions().first())
                            .add(triplet.captions().second());
                }
                counts.merge(split, entries.size(), Integer::sum);
                String suffix = category.id() + "." + split + ".json";
                SynthJson.write(root.resolve("image_splits").resolve("split." + suffix), names);
                SynthJson.write(root.resolve("captions").resolve("cap." + suffix), entries);
            }
        }
        return counts;
    }
}
