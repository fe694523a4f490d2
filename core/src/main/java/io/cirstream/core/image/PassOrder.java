package io.cirstream.core.image;

/**
 * Which of PIL's two resampling passes runs first. Pillow 13 filters vertically first when the height shrinks by
 * more than twice as many pixels as the width does, and horizontally first otherwise. The order matters for
 * exactness: each pass rounds to 8 bits. (Determined against Pillow 13.0 on thousands of random size pairs; the
 * targetpad pipeline, whose padded images are never twice as tall as wide, always filters horizontally first.)
 */
final class PassOrder {

    private PassOrder() {}

    /** Whether resizing {@code inWidth × inHeight} to {@code outWidth × outHeight} filters rows before columns. */
    static boolean verticalFirst(int inWidth, int inHeight, int outWidth, int outHeight) {
        return outHeight < inHeight && (long) inHeight - outHeight > 2L * ((long) inWidth - outWidth);
    }
}
