package io.cirstream.demo.synth;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a generation wrote.
 *
 * @param out the output directory
 * @param products products (images)
 * @param families families
 * @param productsPerSplit products in train, val and test
 * @param fashionIqTriplets FashionIQ-layout triplets per split
 * @param cirrTriplets CIRR-layout triplets per split (only families of six form CIRR image sets)
 * @param catalogEvents the catalogue event file
 */
public record SynthSummary(
        Path out,
        int products,
        int families,
        Map<String, Integer> productsPerSplit,
        Map<String, Integer> fashionIqTriplets,
        Map<String, Integer> cirrTriplets,
        Path catalogEvents) {

    public SynthSummary {
        productsPerSplit = Map.copyOf(productsPerSplit);
        fashionIqTriplets = Map.copyOf(fashionIqTriplets);
        cirrTriplets = Map.copyOf(cirrTriplets);
    }
}
