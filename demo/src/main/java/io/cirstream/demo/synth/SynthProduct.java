package io.cirstream.demo.synth;

import java.util.Objects;

/**
 * One product of the synthetic catalogue.
 *
 * @param id the product id, also the image name in both layouts ({@code syn-000042})
 * @param index position in the catalogue, from 0
 * @param family the family: up to six variants of one design that differ in one to three attributes
 * @param split {@code train}, {@code val} or {@code test} (a family stays in one split)
 * @param look the attributes the captions talk about
 * @param scene the family's photo set-up (backdrop, aspect ratio, framing, light)
 * @param paintSeed what the painter draws this photo's small jitter from
 */
public record SynthProduct(String id, int index, int family, String split, Look look, Scene scene, long paintSeed) {

    public SynthProduct {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(look, "look");
        Objects.requireNonNull(scene, "scene");
    }

    public Category category() {
        return look.category();
    }
}
