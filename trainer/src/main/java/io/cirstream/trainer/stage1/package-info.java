/**
 * Provides CLIP4Cir's stage 1: task-oriented fine-tuning of the CLIP image and text encoders (TorchScript modules
 * loaded trainable through DJL) with the element-wise sum as the fusion, AdamW, validation each epoch with the
 * evaluation protocol, and the export of the fine-tuned encoders as a new model bundle.
 */
package io.cirstream.trainer.stage1;
