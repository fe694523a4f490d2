package io.cirstream.trainer.training;

/** Why a training run ended. */
public enum StopReason {
    /** It trained the configured number of epochs. */
    MAX_EPOCHS,
    /** The early-stopping metric did not improve for {@code patience} epochs in a row. */
    EARLY_STOPPING
}
