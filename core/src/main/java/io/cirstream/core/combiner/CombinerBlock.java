package io.cirstream.core.combiner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * CLIP4Cir's Combiner as a DJL block, layer for layer:
 *
 * <pre>
 * tp = Dropout(ReLU(text_projection_layer(t)))          D → P
 * ip = Dropout(ReLU(image_projection_layer(i)))         D → P
 * c  = concat(tp, ip)                                    text first, 2P
 * v  = output_layer(Dropout(ReLU(combiner_layer(c))))   2P → H → D
 * λ  = Sigmoid(dynamic_scalar.3(Dropout(ReLU(dynamic_scalar.0(c)))))   2P → H → 1
 * query = normalize(v + λ·t + (1 − λ)·i)                as torch.nn.functional.normalize: x / max(‖x‖, 1e-12)
 * </pre>
 *
 * <p>Input: {@code NDList(text [B, D], image [B, D])}, the raw (un-normalised) CLIP features. Output:
 * {@code NDList(query [B, D], λ [B, 1])}, the query L2-normalised. Dropout (p = {@value #DROPOUT_RATE}) acts only when
 * the forward pass is in training mode. Weights move in and out under CLIP4Cir's state-dict names through
 * {@link #loadWeights} and {@link #exportWeights}.
 */
public final class CombinerBlock extends AbstractBlock {

    /** The dropout probability of every dropout layer in CLIP4Cir's Combiner. */
    public static final float DROPOUT_RATE = 0.5f;

    /** CLIP4Cir's fixed logit scale: training logits are LOGIT_SCALE · cos(query, target). */
    public static final float LOGIT_SCALE = 100f;

    /** The ε of torch.nn.functional.normalize: a norm below it is replaced by it. */
    public static final double NORMALIZE_EPS = 1e-12;

    private static final byte VERSION = 1;
    private static final int FEATURE_AXIS = -1;

    private final CombinerDims dims;
    private final Map<CombinerLayer, Linear> layers = new EnumMap<>(CombinerLayer.class);
    private final SequentialBlock textBranch;
    private final SequentialBlock imageBranch;
    private final SequentialBlock combinerBranch;
    private final SequentialBlock dynamicScalar;

    /** An uninitialised Combiner of the given sizes; call {@link #initialize(NDManager)} before use. */
    public CombinerBlock(CombinerDims dims) {
        super(VERSION);
        this.dims = Objects.requireNonNull(dims, "dims");
        for (CombinerLayer layer : CombinerLayer.values()) {
            layers.put(layer, Linear.builder().setUnits(layer.outFeatures(dims)).build());
        }
        textBranch = addChildBlock("text_projection", projection(CombinerLayer.TEXT_PROJECTION));
        imageBranch = addChildBlock("image_projection", projection(CombinerLayer.IMAGE_PROJECTION));
        combinerBranch = addChildBlock(
                "combiner",
                new SequentialBlock()
                        .add(layers.get(CombinerLayer.COMBINER))
                        .add(Activation.reluBlock())
                        .add(dropout())
                        .add(layers.get(CombinerLayer.OUTPUT)));
        dynamicScalar = addChildBlock(
                "dynamic_scalar",
                new SequentialBlock()
                        .add(layers.get(CombinerLayer.DYNAMIC_SCALAR_HIDDEN))
                        .add(Activation.reluBlock())
                        .add(dropout())
                        .add(layers.get(CombinerLayer.DYNAMIC_SCALAR_OUTPUT))
                        .add(Activation.sigmoidBlock()));
    }

    /** The sizes of this Combiner. */
    public CombinerDims dims() {
        return dims;
    }

    /** Creates the parameters (random, as DJL initialises) in {@code manager}, fp32. */
    public void initialize(NDManager manager) {
        Shape features = new Shape(1, dims.featureDim());
        initialize(manager, DataType.FLOAT32, features, features);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray text = inputs.get(0);
        NDArray image = inputs.get(1);
        NDArray textProjected =
                textBranch.forward(parameterStore, new NDList(text), training).head();
        NDArray imageProjected =
                imageBranch.forward(parameterStore, new NDList(image), training).head();
        NDList combined = new NDList(textProjected.concat(imageProjected, FEATURE_AXIS));
        NDArray learned =
                combinerBranch.forward(parameterStore, combined, training).head();
        NDArray lambda =
                dynamicScalar.forward(parameterStore, combined, training).head();
        NDArray mixed = learned.add(lambda.mul(text)).add(lambda.neg().add(1f).mul(image));
        return new NDList(mixed.normalize(2, FEATURE_AXIS, NORMALIZE_EPS), lambda);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, dims.featureDim()), new Shape(batch, 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        textBranch.initialize(manager, dataType, inputShapes[0]);
        imageBranch.initialize(manager, dataType, inputShapes[1]);
        Shape combined = new Shape(inputShapes[0].get(0), 2L * dims.projectionDim());
        combinerBranch.initialize(manager, dataType, combined);
        dynamicScalar.initialize(manager, dataType, combined);
    }

    /** Copies {@code weights} into this (initialised) block's parameters, on whatever device they live. */
    public void loadWeights(CombinerWeights weights) {
        requireInitialized();
        weights.requireDims(dims);
        for (Map.Entry<CombinerLayer, Linear> entry : layers.entrySet()) {
            parameter(entry.getValue(), "weight")
                    .set(weights.weight(entry.getKey()).values());
            parameter(entry.getValue(), "bias").set(weights.bias(entry.getKey()).values());
        }
    }

    /** This block's current parameters under CLIP4Cir's state-dict names (copied to the host). */
    public CombinerWeights exportWeights() {
        return export(array -> array);
    }

    /**
     * The gradients autograd accumulated on this block's parameters, under CLIP4Cir's state-dict names (copied to the
     * host); the parameters must require gradients and a backward pass must have run.
     */
    public CombinerWeights exportGradients() {
        return export(NDArray::getGradient);
    }

    private CombinerWeights export(UnaryOperator<NDArray> view) {
        requireInitialized();
        Map<String, FloatTensor> stateDict = new LinkedHashMap<>();
        for (Map.Entry<CombinerLayer, Linear> entry : layers.entrySet()) {
            CombinerLayer layer = entry.getKey();
            stateDict.put(
                    layer.weightKey(), copy(view, parameter(entry.getValue(), "weight"), layer.weightShape(dims)));
            stateDict.put(layer.biasKey(), copy(view, parameter(entry.getValue(), "bias"), layer.biasShape(dims)));
        }
        return CombinerWeights.fromStateDict(stateDict);
    }

    private static FloatTensor copy(UnaryOperator<NDArray> view, NDArray parameter, int[] shape) {
        NDArray viewed = view.apply(parameter);
        try {
            return tensor(viewed, shape);
        } finally {
            if (viewed != parameter) {
                viewed.close();
            }
        }
    }

    private SequentialBlock projection(CombinerLayer layer) {
        return new SequentialBlock()
                .add(layers.get(layer))
                .add(Activation.reluBlock())
                .add(dropout());
    }

    private static Dropout dropout() {
        return Dropout.builder().optRate(DROPOUT_RATE).build();
    }

    private static NDArray parameter(Linear linear, String name) {
        Parameter parameter = linear.getParameters().get(name);
        return parameter.getArray();
    }

    private static FloatTensor tensor(NDArray array, int[] shape) {
        return new FloatTensor(shape, array.toFloatArray());
    }

    private void requireInitialized() {
        if (!isInitialized()) {
            throw new IllegalStateException("initialize the CombinerBlock before moving weights in or out");
        }
    }
}
