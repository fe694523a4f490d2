package io.cirstream.core.image;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** The reference vectors of tools/make_image_test_vectors.py, from the test resources under image/. */
final class TestVectors {

    /** A PIL resize: an input image (PNG holding the raw samples) and PIL's output bytes. */
    record ResizeCase(
            String name,
            String filter,
            String pilMode,
            int channels,
            String input,
            int width,
            int height,
            int outWidth,
            int outHeight,
            String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A targetpad pipeline run: an encoded input and what PIL + torchvision make of it. */
    record PipelineCase(
            String name,
            String input,
            String pilMode,
            int width,
            int height,
            int size,
            boolean lossy,
            String expectedU8,
            String expectedF32,
            String decoded) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Manifest(
            String pillow,
            String torch,
            String torchvision,
            double targetPadRatio,
            List<ResizeCase> resize,
            List<PipelineCase> pipeline) {}

    private static final Manifest MANIFEST = load();

    private TestVectors() {}

    static List<ResizeCase> resizeCases() {
        return MANIFEST.resize();
    }

    static List<PipelineCase> pipelineCases() {
        return MANIFEST.pipeline();
    }

    static byte[] bytes(String resource) {
        try (InputStream in = TestVectors.class.getResourceAsStream("/image/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource image/" + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(String resource) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes(resource)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[buffer.remaining() / Float.BYTES];
        buffer.asFloatBuffer().get(out);
        return out;
    }

    private static Manifest load() {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try {
            return mapper.readValue(bytes("manifest.json"), Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
