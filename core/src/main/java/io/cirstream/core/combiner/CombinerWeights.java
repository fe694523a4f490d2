package io.cirstream.core.combiner;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The float32 weights of one CLIP4Cir Combiner, keyed as CLIP4Cir's state dict ({@code text_projection_layer.weight},
 * ..., {@code dynamic_scalar.3.bias}; Linear weights [out, in]), with the {@link CombinerDims} their shapes fix.
 *
 * <p>Reads safetensors files (F32, F16, BF16) and PyTorch {@code torch.save} checkpoints (CLIP4Cir's
 * {@code {'Combiner': state_dict}}, or a bare state dict, with or without DataParallel's {@code module.} prefix);
 * writes safetensors. Instances are immutable and hold exactly the twelve expected tensors.
 */
public final class CombinerWeights {

    /** The safetensors metadata key naming what the file holds. */
    public static final String ARCHITECTURE_KEY = "cirstream.architecture";

    /** Its value for a Combiner. */
    public static final String ARCHITECTURE = "clip4cir-combiner";

    private final CombinerDims dims;
    private final Map<String, FloatTensor> stateDict;

    private CombinerWeights(CombinerDims dims, Map<String, FloatTensor> stateDict) {
        this.dims = dims;
        this.stateDict = stateDict;
    }

    /** Reads a safetensors file or a PyTorch checkpoint, whichever {@code path} holds, and checks its layout. */
    public static CombinerWeights load(Path path) {
        Objects.requireNonNull(path, "path");
        return fromStateDict(WeightsFormat.detect(path).readStateDict(path), path.toString());
    }

    /** Weights from an in-memory state dict (CLIP4Cir's keys, optionally prefixed {@code module.}). */
    public static CombinerWeights fromStateDict(Map<String, FloatTensor> stateDict) {
        return fromStateDict(stateDict, "the given state dict");
    }

    private static CombinerWeights fromStateDict(Map<String, FloatTensor> stateDict, String source) {
        Map<String, FloatTensor> stripped = StateDictLayout.withoutDataParallelPrefix(stateDict);
        CombinerDims dims = StateDictLayout.check(stripped, source);
        Map<String, FloatTensor> ordered = new LinkedHashMap<>();
        for (String key : StateDictLayout.expectedKeys()) {
            ordered.put(key, stripped.get(key));
        }
        return new CombinerWeights(dims, Collections.unmodifiableMap(ordered));
    }

    /**
     * These weights if they are for {@code expected}, else an exception naming both: a Combiner trained on one CLIP
     * backbone cannot combine another's features.
     */
    public CombinerWeights requireDims(CombinerDims expected) {
        if (!dims.equals(expected)) {
            throw new CombinerWeightsException(
                    "the Combiner weights are for %s but %s was expected: were they trained for another CLIP backbone?"
                            .formatted(dims, expected));
        }
        return this;
    }

    /** The sizes the weights' shapes fix. */
    public CombinerDims dims() {
        return dims;
    }

    /** A layer's weight, [out, in]. */
    public FloatTensor weight(CombinerLayer layer) {
        return stateDict.get(layer.weightKey());
    }

    /** A layer's bias, [out]. */
    public FloatTensor bias(CombinerLayer layer) {
        return stateDict.get(layer.biasKey());
    }

    /** All twelve tensors under CLIP4Cir's keys, in its module order (unmodifiable). */
    public Map<String, FloatTensor> stateDict() {
        return stateDict;
    }

    /** Weights plus biases (59,003,521 for RN50x4). */
    public long parameterCount() {
        return dims.parameterCount();
    }

    /** Writes the weights as a float32 safetensors file, replacing {@code path} atomically. */
    public void save(Path path) {
        Objects.requireNonNull(path, "path");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(ARCHITECTURE_KEY, ARCHITECTURE);
        metadata.put("cirstream.feature_dim", Integer.toString(dims.featureDim()));
        metadata.put("cirstream.projection_dim", Integer.toString(dims.projectionDim()));
        metadata.put("cirstream.hidden_dim", Integer.toString(dims.hiddenDim()));
        SafetensorsWriter.write(path, stateDict, metadata);
    }

    @Override
    public String toString() {
        return "CombinerWeights[" + dims + "]";
    }
}
