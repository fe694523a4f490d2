package io.cirstream.core.combiner;

/**
 * A PyTorch checkpoint whose pickle asks for something a plain tensor checkpoint never needs (a global outside the
 * allow-list, such as {@code os.system}). Nothing in it was run: the restricted unpickler stops at the first such
 * request. Treat the file as hostile.
 */
public class UnsafeCheckpointException extends CombinerWeightsException {
    private static final long serialVersionUID = 1L;

    public UnsafeCheckpointException(String message) {
        super(message);
    }
}
