package io.cirstream.core.image;

/**
 * Where CLIP4Cir's targetpad transform puts an image of a given size: the padding, the resized size and the crop.
 * Each number is computed the way the Python code computes it (Python's {@code int()} truncates toward zero,
 * {@code round()} rounds halves to even).
 *
 * @param padX zero columns added left and right ({@code TargetPad}'s hp)
 * @param padY zero rows added above and below ({@code TargetPad}'s vp)
 * @param paddedWidth width after padding
 * @param paddedHeight height after padding
 * @param resizedWidth width after {@code Resize(size)}: the short side becomes {@code size}
 * @param resizedHeight height after {@code Resize(size)}
 * @param cropX left edge of {@code CenterCrop(size)}
 * @param cropY top edge of {@code CenterCrop(size)}
 * @param size the output's side
 */
public record TargetPadGeometry(
        int padX,
        int padY,
        int paddedWidth,
        int paddedHeight,
        int resizedWidth,
        int resizedHeight,
        int cropX,
        int cropY,
        int size) {

    /** The geometry for an image of {@code width × height} under {@code spec}. */
    public static TargetPadGeometry of(int width, int height, PreprocessSpec spec) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        int longSide = Math.max(width, height);
        int shortSide = Math.min(width, height);
        int padX = 0;
        int padY = 0;
        // TargetPad: pad only when the aspect ratio reaches the target
        if ((double) longSide / shortSide >= spec.targetPadRatio()) {
            double scaledMax = longSide / spec.targetPadRatio();
            padX = Math.max((int) ((scaledMax - width) / 2), 0);
            padY = Math.max((int) ((scaledMax - height) / 2), 0);
        }
        int paddedWidth = width + 2 * padX;
        int paddedHeight = height + 2 * padY;
        // Resize(size): short side to size, long side int(size * long / short)
        int size = spec.inputSize();
        int paddedShort = Math.min(paddedWidth, paddedHeight);
        int paddedLong = Math.max(paddedWidth, paddedHeight);
        int resizedLong = (int) ((double) ((long) size * paddedLong) / paddedShort);
        int resizedWidth = paddedWidth <= paddedHeight ? size : resizedLong;
        int resizedHeight = paddedWidth <= paddedHeight ? resizedLong : size;
        // CenterCrop(size): int(round((resized - size) / 2.0)), halves to even
        int cropX = (int) Math.rint((resizedWidth - size) / 2.0);
        int cropY = (int) Math.rint((resizedHeight - size) / 2.0);
        return new TargetPadGeometry(
                padX, padY, paddedWidth, paddedHeight, resizedWidth, resizedHeight, cropX, cropY, size);
    }

    /** Whether the resize step changes the padded image (PIL returns a plain copy when it would not). */
    public boolean resizes() {
        return resizedWidth != paddedWidth || resizedHeight != paddedHeight;
    }

    /** The crop, as a window of the resized image. */
    Window crop() {
        return new Window(cropX, cropY, size, size);
    }
}
