package io.cirstream.trainer.stage1;

/**
 * One batch of stage-1 triplets, preprocessed: {@code size} reference images followed by their {@code size} target
 * images as CHW float tensors of {@code inputSize}² laid out one after the other, and the captions' CLIP token ids
 * ({@code size} rows of the context length).
 */
public record Stage1Batch(int size, int inputSize, float[] images, long[] tokens) {

    public Stage1Batch {
        if (size < 2) {
            throw new IllegalArgumentException("a contrastive batch needs at least 2 triplets, got " + size);
        }
        long pixels = 2L * size * 3 * inputSize * inputSize;
        if (images.length != pixels) {
            throw new IllegalArgumentException("%d triplets of %dx%d images need %d values, got %d"
                    .formatted(size, inputSize, inputSize, pixels, images.length));
        }
        if (tokens.length % size != 0) {
            throw new IllegalArgumentException(tokens.length + " token ids do not split into " + size + " rows");
        }
    }

    /** Token ids per caption. */
    public int contextLength() {
        return tokens.length / size;
    }
}
