package io.cirstream.trainer.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.cirstream.core.model.TorchRuntime;

/**
 * libtorch's default random generator, the one dropout and {@code uniform_} draw from: seeding it is
 * {@code torch.manual_seed} (process-wide, every device).
 */
final class LibtorchGenerator {

    private LibtorchGenerator() {}

    /** Seeds the generator, loading libtorch first if nothing has yet. */
    static void seed(long seed) {
        Engine.getEngine(TorchRuntime.ENGINE);
        JniUtils.setSeed(seed);
    }
}
