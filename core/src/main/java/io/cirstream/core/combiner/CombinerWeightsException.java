package io.cirstream.core.combiner;

import io.cirstream.core.CirstreamException;

/**
 * A Combiner weights file that cannot be used: unreadable, malformed, in an unsupported format or dtype, or not laid
 * out like CLIP4Cir's Combiner. The message names the file or tensor and what was expected.
 */
public class CombinerWeightsException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public CombinerWeightsException(String message) {
        super(message);
    }

    public CombinerWeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
