package io.cirstream.core.image;

/**
 * The part of a resized image that is wanted: columns {@code [x, x + width)} and rows {@code [y, y + height)}. Each
 * output pixel of a separable resize depends only on its own column's and row's filter taps, so computing a window
 * gives exactly the pixels that resizing everything and cropping would.
 */
record Window(int x, int y, int width, int height) {

    Window {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad window " + width + "x" + height + " at " + x + "," + y);
        }
    }

    /** The whole of an image of the given size. */
    static Window all(int width, int height) {
        return new Window(0, 0, width, height);
    }

    /** Refuses a window that does not fit an image of the given size. */
    void checkInside(int imageWidth, int imageHeight) {
        if (x + width > imageWidth || y + height > imageHeight) {
            throw new IllegalArgumentException(
                    "window " + this + " does not fit in an image of " + imageWidth + "x" + imageHeight);
        }
    }
}
