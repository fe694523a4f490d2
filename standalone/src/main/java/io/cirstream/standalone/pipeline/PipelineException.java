package io.cirstream.standalone.pipeline;

import io.cirstream.core.CirstreamException;

/** A step of the pipeline failed; the message names the step and why. */
public final class PipelineException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    private final PipelineStep step;

    public PipelineException(PipelineStep step, Throwable cause) {
        super("step " + step.label() + " failed: " + describe(cause), cause);
        this.step = step;
    }

    /** The step that failed. */
    public PipelineStep step() {
        return step;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.toString() : message;
    }
}
