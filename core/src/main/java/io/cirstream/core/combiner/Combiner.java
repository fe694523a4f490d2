package io.cirstream.core.combiner;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.pytorch.engine.PtEngine;
import ai.djl.translate.TranslateException;
import io.cirstream.core.CirstreamException;
import java.nio.file.Path;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A loaded CLIP4Cir Combiner, ready to turn (raw text feature, raw reference-image feature) pairs into normalised
 * query features. Owns the DJL model (its NDManager and the {@link CombinerBlock}'s parameters on the chosen device)
 * and its predictors; close it to free them.
 *
 * <p><b>Thread safety.</b> {@link #combine} and {@link #combineWithLambdas} may be called from any number of threads at
 * once. DJL predictors are not thread-safe, so each call borrows one from a small pool and returns it afterwards: the
 * pool grows to the number of threads that call concurrently and no further, and all its predictors share the one set
 * of parameters. {@link #close()} waits for calls in progress; a call after it fails with {@link
 * IllegalStateException}.
 *
 * <p>Inputs are the <em>raw</em> CLIP features, as the catalogue index stores them: normalising them first is a known
 * bug that changes the result. The forward pass runs in eval mode (no dropout), fp32.
 */
public final class Combiner implements AutoCloseable {

    private static final String MODEL_NAME = "clip4cir-combiner";

    private final Model model;
    private final CombinerDims dims;
    private final Device device;
    private final CombinerTranslator translator;
    private final Deque<Predictor<FeaturePairs, Combination>> idle = new ConcurrentLinkedDeque<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private Combiner(Model model, CombinerDims dims, Device device) {
        this.model = model;
        this.dims = dims;
        this.device = device;
        this.translator = new CombinerTranslator(dims.featureDim());
    }

    /** Loads weights from a safetensors file or a CLIP4Cir PyTorch checkpoint onto {@code device}. */
    public static Combiner load(Path weights, Device device) {
        return create(CombinerWeights.load(weights), device);
    }

    /** As {@link #load(Path, Device)}, refusing weights of other sizes than {@code expected}. */
    public static Combiner load(Path weights, Device device, CombinerDims expected) {
        return create(CombinerWeights.load(weights).requireDims(expected), device);
    }

    /** A Combiner running {@code weights} on {@code device} (the CPU, or a GPU the caller chose). */
    public static Combiner create(CombinerWeights weights, Device device) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(device, "device");
        Model model = Model.newInstance(MODEL_NAME, device, PtEngine.ENGINE_NAME);
        try {
            CombinerBlock block = new CombinerBlock(weights.dims());
            block.initialize(model.getNDManager());
            block.loadWeights(weights);
            block.freezeParameters(true); // inference only: no autograd bookkeeping on any thread
            model.setBlock(block);
            return new Combiner(model, weights.dims(), device);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The sizes of this Combiner; its inputs and outputs have {@code dims().featureDim()} values. */
    public CombinerDims dims() {
        return dims;
    }

    /** Where the forward pass runs. */
    public Device device() {
        return device;
    }

    /** The normalised query feature of one (text, image) pair. */
    public float[] combine(float[] text, float[] image) {
        return combine(new float[][] {text}, new float[][] {image})[0];
    }

    /**
     * The normalised query features of a batch of pairs: row b combines {@code text[b]} with {@code image[b]}.
     *
     * @throws io.cirstream.core.InvalidInputException if the batches differ in length or a row has the wrong dimension
     *     or a non-finite value
     */
    public float[][] combine(float[][] text, float[][] image) {
        return combineWithLambdas(text, image).queries();
    }

    /** As {@link #combine(float[][], float[][])}, with the dynamic scalar λ of each pair. */
    public Combination combineWithLambdas(float[][] text, float[][] image) {
        FeaturePairs pairs = FeaturePairs.check(text, image, dims.featureDim());
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this Combiner is closed");
            }
            if (pairs.size() == 0) {
                return new Combination(new float[0][], new float[0]);
            }
            Predictor<FeaturePairs, Combination> predictor = borrow();
            try {
                return predictor.predict(pairs);
            } catch (TranslateException e) {
                throw new CirstreamException("the Combiner's forward pass failed: " + e.getMessage(), e);
            } finally {
                idle.push(predictor);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The weights in use, copied to the host under CLIP4Cir's names (to save, or to start training from). */
    public CombinerWeights weights() {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this Combiner is closed");
            }
            return ((CombinerBlock) model.getBlock()).exportWeights();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Frees the predictors and the parameters, after the calls in progress return. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Predictor<FeaturePairs, Combination> predictor;
            while ((predictor = idle.poll()) != null) {
                predictor.close();
            }
            model.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private Predictor<FeaturePairs, Combination> borrow() {
        Predictor<FeaturePairs, Combination> predictor = idle.poll();
        return predictor != null ? predictor : model.newPredictor(translator, device);
    }

    @Override
    public String toString() {
        return "Combiner[" + dims + " on " + device + "]";
    }
}
