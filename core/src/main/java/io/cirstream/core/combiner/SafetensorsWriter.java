package io.cirstream.core.combiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes float32 tensors as a safetensors file that the {@code safetensors} Python library (and this package's
 * reader) loads: header padded with spaces to a multiple of 8 bytes, tensors in the given order, little-endian data.
 * The file is written beside its destination and moved into place, so readers never see half a file.
 */
final class SafetensorsWriter {

    private static final int HEADER_ALIGNMENT = 8;
    private static final int CHUNK_FLOATS = 1 << 18;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    /** Writes {@code tensors} (in iteration order) with string {@code metadata} to {@code path}, replacing it. */
    static void write(Path path, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata);
        Path absolute = path.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                prefix.putLong(header.length).flip();
                writeFully(channel, prefix);
                writeFully(channel, ByteBuffer.wrap(header));
                ByteBuffer chunk =
                        ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (FloatTensor tensor : tensors.values()) {
                    writeValues(channel, chunk, tensor.values());
                }
                channel.force(true);
            }
            moveIntoPlace(temporary, absolute);
        } catch (IOException e) {
            throw new CombinerWeightsException("cannot write safetensors file " + path + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static byte[] header(Map<String, FloatTensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        for (Map.Entry<String, FloatTensor> entry : tensors.entrySet()) {
            if (entry.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            long end = offset + (long) entry.getValue().elementCount() * Float.BYTES;
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("dtype", "F32");
            description.put("shape", entry.getValue().shape());
            description.put("data_offsets", List.of(offset, end));
            header.put(entry.getKey(), description);
            offset = end;
        }
        try {
            byte[] json = JSON.writeValueAsBytes(header);
            int padded = (json.length + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT * HEADER_ALIGNMENT;
            byte[] bytes = new byte[padded];
            System.arraycopy(json, 0, bytes, 0, json.length);
            Arrays.fill(bytes, json.length, padded, (byte) ' ');
            return bytes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a safetensors header", e);
        }
    }

    private static void writeValues(FileChannel channel, ByteBuffer chunk, float[] values) throws IOException {
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, values.length - start);
            chunk.clear();
            chunk.asFloatBuffer().put(values, start, count);
            chunk.limit(count * Float.BYTES);
            writeFully(channel, chunk);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void moveIntoPlace(Path temporary, Path destination) throws IOException {
        try {
            Files.move(temporary, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // the move already happened or the directory is gone: nothing left to clean up
        }
    }
}
