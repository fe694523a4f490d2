package io.cirstream.core.combiner;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
 * and byte range, then the raw little-endian data. F32 is read as is, F16 and BF16 are widened to float32; any
 * other dtype is refused. Every offset and size is checked against the file before a byte is read.
 */
final class SafetensorsReader {

    /** The safetensors format's own bound on the header (100 MB). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final String METADATA_KEY = "__metadata__";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SafetensorsReader() {}

    /** The file's tensors in header order, widened to float32. */
    static Map<String, FloatTensor> read(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            long headerSize = readHeaderSize(path, channel, fileSize);
            JsonNode header = parseHeader(path, channel, headerSize);
            long dataStart = Long.BYTES + headerSize;
            List<Entry> entries = entries(path, header, fileSize - dataStart);
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            for (Entry entry : entries) {
                ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin(), entry.length())
                        .order(ByteOrder.LITTLE_ENDIAN);
                tensors.put(
                        entry.name(),
                        new FloatTensor(entry.shape(), entry.type().getAll(bytes, entry.count())));
            }
            return tensors;
        } catch (IOException e) {
            throw new CombinerWeightsException("cannot read safetensors file " + path + ": " + e.getMessage(), e);
        }
    }

    private static long readHeaderSize(Path path, FileChannel channel, long fileSize) throws IOException {
        if (fileSize < Long.BYTES) {
            throw malformed(path, "the file has %d bytes, fewer than the 8-byte header length".formatted(fileSize));
        }
        ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0);
        long headerSize = prefix.getLong(0);
        if (headerSize < 2 || headerSize > MAX_HEADER_BYTES) {
            throw malformed(path, "header length %d is outside [2, %d]".formatted(headerSize, MAX_HEADER_BYTES));
        }
        if (headerSize > fileSize - Long.BYTES) {
            throw malformed(
                    path,
                    "header length %d runs past the end of the %d-byte file (truncated?)"
                            .formatted(headerSize, fileSize));
        }
        return headerSize;
    }

    private static JsonNode parseHeader(Path path, FileChannel channel, long headerSize) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) headerSize);
        readFully(channel, bytes, Long.BYTES);
        try {
            JsonNode header = JSON.readTree(new String(bytes.array(), StandardCharsets.UTF_8));
            if (header == null || !header.isObject()) {
                throw malformed(path, "the header is not a JSON object");
            }
            return header;
        } catch (JacksonException e) {
            throw new CombinerWeightsException(
                    "malformed safetensors file " + path + ": the header is not valid JSON: " + e.getOriginalMessage(),
                    e);
        }
    }

    private static List<Entry> entries(Path path, JsonNode header, long dataSize) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (!field.getKey().equals(METADATA_KEY)) {
                entries.add(entry(path, field.getKey(), field.getValue(), dataSize));
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry previous = byOffset.get(i - 1);
            Entry current = byOffset.get(i);
            if (current.begin() < previous.begin() + previous.length()) {
                throw malformed(path, "tensors '%s' and '%s' overlap".formatted(previous.name(), current.name()));
            }
        }
        return entries;
    }

    private static Entry entry(Path path, String name, JsonNode node, long dataSize) {
        JsonNode dtype = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (!node.isObject()
                || dtype == null
                || !dtype.isTextual()
                || shapeNode == null
                || !shapeNode.isArray()
                || offsets == null
                || !offsets.isArray()
                || offsets.size() != 2) {
            throw malformed(path, "tensor '%s' lacks a dtype, shape or data_offsets pair: %s".formatted(name, node));
        }
        StoredFloatType type = StoredFloatType.ofSafetensors(dtype.asText())
                .orElseThrow(() -> new CombinerWeightsException(
                        "safetensors file %s: tensor '%s' has dtype %s; Combiner weights are read from F32, F16 or BF16"
                                .formatted(path, name, dtype.asText())));
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int axis = 0; axis < shape.length; axis++) {
            JsonNode size = shapeNode.get(axis);
            if (!size.canConvertToInt() || size.asInt() < 0) {
                throw malformed(path, "tensor '%s' has a bad shape %s".formatted(name, shapeNode));
            }
            shape[axis] = size.asInt();
            count *= shape[axis];
            if (count > Integer.MAX_VALUE - 8) {
                throw malformed(path, "tensor '%s' of shape %s is too large for one array".formatted(name, shapeNode));
            }
        }
        long begin = offsets.get(0).canConvertToLong() ? offsets.get(0).asLong() : -1;
        long end = offsets.get(1).canConvertToLong() ? offsets.get(1).asLong() : -1;
        if (begin < 0 || end < begin || end > dataSize) {
            throw malformed(
                    path,
                    "tensor '%s' has data_offsets %s outside the %d data bytes (truncated?)"
                            .formatted(name, offsets, dataSize));
        }
        if (end - begin != count * type.bytes()) {
            throw malformed(
                    path,
                    "tensor '%s' (%s, shape %s) needs %d bytes but data_offsets %s span %d"
                            .formatted(name, dtype.asText(), shapeNode, count * type.bytes(), offsets, end - begin));
        }
        return new Entry(name, type, shape, (int) count, begin, end - begin);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    private static CombinerWeightsException malformed(Path path, String detail) {
        return new CombinerWeightsException("malformed safetensors file " + path + ": " + detail);
    }

    private record Entry(String name, StoredFloatType type, int[] shape, int count, long begin, long length) {}
}
