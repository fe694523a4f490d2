package io.cirstream.trainer.training;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns libtorch's autograd off on this thread until closed (as {@code torch.no_grad()}), then restores what was
 * there. libtorch's grad mode is per thread, and new threads start with it on.
 */
final class NoGradScope implements AutoCloseable {

    private final boolean previous;

    private NoGradScope() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    /** Autograd off from now until {@link #close()}. */
    static NoGradScope enter() {
        return new NoGradScope();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
