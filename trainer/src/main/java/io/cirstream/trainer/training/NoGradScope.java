package io.cirstream.trainer.training;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs code with libtorch's autograd off on this thread (as {@code torch.no_grad()}), then restores what was there.
 * libtorch's grad mode is per thread, and new threads start with it on.
 */
final class NoGradScope {

    private NoGradScope() {}

    /** {@code work}'s result, computed without autograd. */
    static <T> T get(Supplier<T> work) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    /** Runs {@code work} without autograd. */
    static void run(Runnable work) {
        get(() -> {
            work.run();
            return null;
        });
    }
}
