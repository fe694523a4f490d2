package io.cirstream.trainer.dataset;

import io.cirstream.core.io.DurableFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw text features by caption, cached on local disk and in memory, one file per text-encoder version
 * ({@code <dir>/<encoderVersion>.features}): a caption is encoded once, ever, for that encoder. Records are the
 * caption's SHA-256, its D float32 features (little-endian) and a CRC32C; a record torn by a crash is cut off on open
 * and its caption encoded again. The file holds no caption text.
 *
 * <p>Thread-safe.
 */
public final class TextFeatureCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TextFeatureCache.class);

    private static final byte[] MAGIC = "CIRSTTXT".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_VERSION = 1;
    private static final int HEADER_BYTES = MAGIC.length + 2 * Integer.BYTES;
    private static final int KEY_BYTES = 32;
    private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path file;
    private final int dimension;
    private final Map<String, float[]> features;
    private final FileChannel channel;
    private long hits;
    private long misses;

    private TextFeatureCache(Path file, int dimension, Map<String, float[]> features, FileChannel channel) {
        this.file = file;
        this.dimension = dimension;
        this.features = features;
        this.channel = channel;
    }

    /** Opens (or creates) the cache of this encoder version's D-dimensional features in {@code directory}. */
    public static TextFeatureCache open(Path directory, String encoderVersion, int dimension) {
        Objects.requireNonNull(directory, "directory");
        if (!VERSION_NAME.matcher(encoderVersion).matches()) {
            throw new IllegalArgumentException("encoder version '" + encoderVersion + "' cannot name a cache file");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        Path file = directory.resolve(encoderVersion + ".features");
        try {
            if (!Files.exists(file)) {
                DurableFiles.write(
                        file,
                        ByteBuffer.allocate(HEADER_BYTES)
                                .put(MAGIC)
                                .putInt(FORMAT_VERSION)
                                .putInt(dimension)
                                .array());
            }
            Map<String, float[]> features = new HashMap<>();
            long validEnd = read(file, dimension, features);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (channel.size() > validEnd) {
                LOG.warn(
                        "text feature cache {}: cutting off {} bytes of a torn record",
                        file,
                        channel.size() - validEnd);
                channel.truncate(validEnd);
            }
            channel.position(validEnd);
            return new TextFeatureCache(file, dimension, features, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the text feature cache " + file, e);
        }
    }

    /**
     * The raw text feature of every caption, in order: cached ones from memory, the others encoded in one call to
     * {@code encoder} and appended to the cache.
     */
    public synchronized float[][] features(List<String> captions, CaptionEncoder encoder) {
        float[][] out = new float[captions.size()][];
        Map<String, String> missing = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(captions.size());
        for (String caption : captions) {
            String key = key(caption);
            keys.add(key);
            if (!features.containsKey(key)) {
                missing.putIfAbsent(key, caption);
            }
        }
        if (!missing.isEmpty()) {
            List<String> toEncode = List.copyOf(missing.values());
            float[][] encoded = encoder.embed(toEncode);
            if (encoded.length != toEncode.size()) {
                throw new IllegalStateException(
                        "the text encoder returned " + encoded.length + " rows for " + toEncode.size() + " captions");
            }
            append(List.copyOf(missing.keySet()), encoded);
        }
        misses += missing.size();
        hits += captions.size() - missing.size();
        for (int i = 0; i < out.length; i++) {
            out[i] = features.get(keys.get(i));
        }
        return out;
    }

    /** Captions held. */
    public synchronized int size() {
        return features.size();
    }

    /** Lookups answered from the cache since it was opened. */
    public synchronized long hits() {
        return hits;
    }

    /** Captions encoded since it was opened. */
    public synchronized long misses() {
        return misses;
    }

    /** The cache file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the text feature cache " + file, e);
        }
    }

    private void append(List<String> keys, float[][] rows) {
        int recordBytes = KEY_BYTES + dimension * Float.BYTES + Integer.BYTES;
        ByteBuffer buffer = ByteBuffer.allocate(recordBytes * keys.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < keys.size(); i++) {
            if (rows[i].length != dimension) {
                throw new IllegalStateException("the text encoder returned a feature of dimension " + rows[i].length
                        + " where the cache holds " + dimension);
            }
            int start = buffer.position();
            buffer.put(HexFormat.of().parseHex(keys.get(i)));
            for (float value : rows[i]) {
                buffer.putFloat(value);
            }
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), start, buffer.position() - start);
            buffer.putInt((int) crc.getValue());
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the text feature cache " + file, e);
        }
        for (int i = 0; i < keys.size(); i++) {
            features.put(keys.get(i), rows[i].clone());
        }
    }

    private static long read(Path file, int dimension, Map<String, float[]> features) throws IOException {
        int recordBytes = KEY_BYTES + dimension * Float.BYTES + Integer.BYTES;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream in = new DataInputStream(raw)) {
            byte[] header = new byte[HEADER_BYTES];
            in.readFully(header);
            ByteBuffer head = ByteBuffer.wrap(header);
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            int version = head.getInt();
            int stored = head.getInt();
            if (!java.util.Arrays.equals(magic, MAGIC) || version != FORMAT_VERSION || stored != dimension) {
                throw new IllegalStateException(file + " is not a text feature cache of dimension " + dimension
                        + " (format " + version + ", dimension " + stored + ")");
            }
            long position = HEADER_BYTES;
            byte[] record = new byte[recordBytes];
            while (true) {
                try {
                    in.readFully(record);
                } catch (EOFException e) {
                    return position;
                }
                ByteBuffer buffer = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
                CRC32C crc = new CRC32C();
                crc.update(record, 0, recordBytes - Integer.BYTES);
                if ((int) crc.getValue() != buffer.getInt(recordBytes - Integer.BYTES)) {
                    return position;
                }
                String key = HexFormat.of().formatHex(record, 0, KEY_BYTES);
                float[] feature = new float[dimension];
                buffer.position(KEY_BYTES);
                buffer.asFloatBuffer().get(feature);
                features.put(key, feature);
                position += recordBytes;
            }
        }
    }

    private static String key(String caption) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(caption.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
