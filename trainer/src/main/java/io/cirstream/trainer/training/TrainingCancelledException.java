package io.cirstream.trainer.training;

import io.cirstream.core.CirstreamException;

/** A training run was cancelled (or its thread interrupted) before it finished: it produced no weights. */
public final class TrainingCancelledException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public TrainingCancelledException(String message) {
        super(message);
    }
}
