package io.cirstream.core.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.cirstream.core.CirstreamException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One TorchScript encoder file loaded into libtorch, with one predictor per calling thread (DJL predictors are not
 * thread-safe). Input and output are NDArrays; the output is returned as fp32 whatever precision the module computes
 * in.
 */
final class TorchScriptEncoder implements AutoCloseable {

    private final String role;
    private final Path file;
    private final ZooModel<NDList, NDList> model;
    private final boolean fp16;
    private final Queue<Predictor<NDList, NDList>> predictors = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Predictor<NDList, NDList>> perThread;

    private TorchScriptEncoder(String role, Path file, ZooModel<NDList, NDList> model, boolean fp16) {
        this.role = role;
        this.file = file;
        this.model = model;
        this.fp16 = fp16;
        this.perThread = ThreadLocal.withInitial(() -> {
            Predictor<NDList, NDList> predictor = model.newPredictor();
            predictors.add(predictor);
            return predictor;
        });
    }

    /**
     * Loads a TorchScript module.
     *
     * @param role what it is, for messages ("image encoder")
     * @param file the .pt file
     * @param device where it runs
     * @param fp16 whether the module holds half-precision weights (its input is cast to fp16)
     */
    static TorchScriptEncoder load(String role, Path file, Device device, boolean fp16) {
        String fileName = file.getFileName().toString();
        String modelName = fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName;
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(TorchRuntime.ENGINE)
                .optModelPath(file.getParent())
                .optModelName(modelName)
                .optDevice(device)
                .optTranslator(new NoopTranslator())
                .build();
        try {
            return new TorchScriptEncoder(role, file, criteria.loadModel(), fp16);
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new ModelBundleException(
                    "cannot load the " + role + " " + file + " on " + device + ": " + e.getMessage(), e);
        }
    }

    /** Runs the module on a float32 input of the given shape; returns its output as row-major fp32. */
    float[] forward(float[] data, Shape shape) {
        try (NDManager call = model.getNDManager().newSubManager()) {
            NDArray input = call.create(FloatBuffer.wrap(data, 0, (int) shape.size()), shape);
            return run(fp16 ? input.toType(DataType.FLOAT16, false) : input);
        }
    }

    /** Runs the module on an int64 input of the given shape; returns its output as row-major fp32. */
    float[] forward(long[] data, Shape shape) {
        try (NDManager call = model.getNDManager().newSubManager()) {
            return run(call.create(LongBuffer.wrap(data, 0, (int) shape.size()), shape));
        }
    }

    private float[] run(NDArray input) {
        try (NDList out = perThread.get().predict(new NDList(input))) {
            NDArray features = out.singletonOrThrow();
            return (features.getDataType() == DataType.FLOAT32 ? features : features.toType(DataType.FLOAT32, false))
                    .toFloatArray();
        } catch (TranslateException e) {
            throw new CirstreamException("the " + role + " " + file + " failed: " + e.getMessage(), e);
        }
    }

    Device device() {
        return model.getNDManager().getDevice();
    }

    ZooModel<NDList, NDList> model() {
        return model;
    }

    boolean fp16() {
        return fp16;
    }

    @Override
    public void close() {
        Predictor<NDList, NDList> predictor;
        while ((predictor = predictors.poll()) != null) {
            predictor.close();
        }
        model.close();
    }
}
