package io.cirstream.core.combiner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CLIP4Cir's state-dict layout for a Combiner: twelve keys ({@link CombinerLayer} × weight, bias), whose shapes fix
 * D, P and H. Checks a state dict against it and says everything that is wrong at once.
 */
final class StateDictLayout {

    /** DataParallel's prefix on every key of a state dict saved from a wrapped model. */
    static final String DATA_PARALLEL_PREFIX = "module.";

    private static final int MAX_KEYS_LISTED = 30;

    private StateDictLayout() {}

    /** The twelve keys, in CLIP4Cir's module order. */
    static List<String> expectedKeys() {
        List<String> keys = new ArrayList<>();
        for (CombinerLayer layer : CombinerLayer.values()) {
            keys.add(layer.weightKey());
            keys.add(layer.biasKey());
        }
        return keys;
    }

    /** The state dict without DataParallel's {@code module.} prefix, when every key carries it. */
    static Map<String, FloatTensor> withoutDataParallelPrefix(Map<String, FloatTensor> stateDict) {
        if (stateDict.isEmpty() || !stateDict.keySet().stream().allMatch(key -> key.startsWith(DATA_PARALLEL_PREFIX))) {
            return stateDict;
        }
        Map<String, FloatTensor> stripped = new LinkedHashMap<>();
        stateDict.forEach((key, tensor) -> stripped.put(key.substring(DATA_PARALLEL_PREFIX.length()), tensor));
        return stripped;
    }

    /** The sizes the state dict's shapes describe, after checking its keys and every shape against them. */
    static CombinerDims check(Map<String, FloatTensor> stateDict, String source) {
        List<String> expected = expectedKeys();
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(stateDict.keySet());
        Set<String> unexpected = new LinkedHashSet<>(stateDict.keySet());
        expected.forEach(unexpected::remove);
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new CombinerWeightsException(("Combiner weights from %s do not have CLIP4Cir's layout: missing %s, "
                            + "unexpected %s. Expected the keys %s; found %s")
                    .formatted(source, missing, list(unexpected), expected, list(stateDict.keySet())));
        }
        CombinerDims dims = infer(stateDict, source);
        List<String> misshaped = new ArrayList<>();
        for (CombinerLayer layer : CombinerLayer.values()) {
            compare(stateDict, layer.weightKey(), layer.weightShape(dims), misshaped);
            compare(stateDict, layer.biasKey(), layer.biasShape(dims), misshaped);
        }
        if (!misshaped.isEmpty()) {
            throw new CombinerWeightsException("Combiner weights from %s are mis-shaped for %s (from %s): %s"
                    .formatted(
                            source,
                            dims,
                            CombinerLayer.TEXT_PROJECTION.weightKey() + " and " + CombinerLayer.COMBINER.weightKey(),
                            String.join("; ", misshaped)));
        }
        return dims;
    }

    private static CombinerDims infer(Map<String, FloatTensor> stateDict, String source) {
        FloatTensor projection = stateDict.get(CombinerLayer.TEXT_PROJECTION.weightKey());
        FloatTensor combiner = stateDict.get(CombinerLayer.COMBINER.weightKey());
        if (projection.rank() != 2 || combiner.rank() != 2) {
            throw new CombinerWeightsException(
                    "Combiner weights from %s: %s is %s and %s is %s, but Linear weights are 2-D [out, in]"
                            .formatted(
                                    source,
                                    CombinerLayer.TEXT_PROJECTION.weightKey(),
                                    projection.shapeString(),
                                    CombinerLayer.COMBINER.weightKey(),
                                    combiner.shapeString()));
        }
        try {
            return new CombinerDims(projection.size(1), projection.size(0), combiner.size(0));
        } catch (IllegalArgumentException e) {
            throw new CombinerWeightsException(
                    "Combiner weights from %s have unusable sizes: %s".formatted(source, e.getMessage()), e);
        }
    }

    private static void compare(Map<String, FloatTensor> stateDict, String key, int[] shape, List<String> misshaped) {
        FloatTensor tensor = stateDict.get(key);
        if (!tensor.hasShape(shape)) {
            misshaped.add("%s is %s, expected %s".formatted(key, tensor.shapeString(), Arrays.toString(shape)));
        }
    }

    private static String list(Set<String> keys) {
        return keys.size() <= MAX_KEYS_LISTED
                ? keys.toString()
                : keys.stream().limit(MAX_KEYS_LISTED).toList() + " and " + (keys.size() - MAX_KEYS_LISTED) + " more";
    }
}
