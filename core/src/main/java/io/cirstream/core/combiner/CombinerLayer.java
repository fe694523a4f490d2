package io.cirstream.core.combiner;

/**
 * The six Linear layers of CLIP4Cir's Combiner, under the names of its PyTorch state dict. Each has a {@code .weight}
 * of shape [out, in] and a {@code .bias} of shape [out]; DJL's {@code Linear} stores its weight the same way.
 */
public enum CombinerLayer {
    /** Text feature D → P. */
    TEXT_PROJECTION("text_projection_layer"),
    /** Image feature D → P. */
    IMAGE_PROJECTION("image_projection_layer"),
    /** Concatenated projections 2P → H. */
    COMBINER("combiner_layer"),
    /** Hidden H → D: the learned part of the query feature. */
    OUTPUT("output_layer"),
    /** Concatenated projections 2P → H, first layer of the dynamic scalar (index 0 of its nn.Sequential). */
    DYNAMIC_SCALAR_HIDDEN("dynamic_scalar.0"),
    /** Hidden H → 1, before the sigmoid that gives λ (index 3 of the nn.Sequential). */
    DYNAMIC_SCALAR_OUTPUT("dynamic_scalar.3");

    private final String stateDictPrefix;

    CombinerLayer(String stateDictPrefix) {
        this.stateDictPrefix = stateDictPrefix;
    }

    /** The layer's name in the state dict, e.g. {@code dynamic_scalar.0}. */
    public String stateDictPrefix() {
        return stateDictPrefix;
    }

    /** The state-dict key of the weight, e.g. {@code combiner_layer.weight}. */
    public String weightKey() {
        return stateDictPrefix + ".weight";
    }

    /** The state-dict key of the bias, e.g. {@code combiner_layer.bias}. */
    public String biasKey() {
        return stateDictPrefix + ".bias";
    }

    /** Input features of this layer for the given sizes. */
    public int inFeatures(CombinerDims dims) {
        return inFeatures(dims.featureDim(), dims.projectionDim(), dims.hiddenDim());
    }

    /** Output features of this layer for the given sizes. */
    public int outFeatures(CombinerDims dims) {
        return outFeatures(dims.featureDim(), dims.projectionDim(), dims.hiddenDim());
    }

    /** The weight's shape, [out, in]. */
    public int[] weightShape(CombinerDims dims) {
        return new int[] {outFeatures(dims), inFeatures(dims)};
    }

    /** The bias's shape, [out]. */
    public int[] biasShape(CombinerDims dims) {
        return new int[] {outFeatures(dims)};
    }

    /** Weights plus biases. */
    public long parameterCount(CombinerDims dims) {
        return ((long) inFeatures(dims) + 1) * outFeatures(dims);
    }

    int inFeatures(int featureDim, int projectionDim, int hiddenDim) {
        return switch (this) {
            case TEXT_PROJECTION, IMAGE_PROJECTION -> featureDim;
            case COMBINER, DYNAMIC_SCALAR_HIDDEN -> 2 * projectionDim;
            case OUTPUT, DYNAMIC_SCALAR_OUTPUT -> hiddenDim;
        };
    }

    int outFeatures(int featureDim, int projectionDim, int hiddenDim) {
        return switch (this) {
            case TEXT_PROJECTION, IMAGE_PROJECTION -> projectionDim;
            case COMBINER, DYNAMIC_SCALAR_HIDDEN -> hiddenDim;
            case OUTPUT -> featureDim;
            case DYNAMIC_SCALAR_OUTPUT -> 1;
        };
    }
}
