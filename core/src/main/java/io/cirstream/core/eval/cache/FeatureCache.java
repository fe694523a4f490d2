package io.cirstream.core.eval.cache;

import io.cirstream.core.CirstreamException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Features already computed, on disk, so that evaluating again (another fusion, another Combiner) embeds nothing
 * twice. One directory per {@link EncoderKey}; in it {@code features.bin} holds records of a kind byte (image or
 * caption), the 32-byte SHA-256 of the content (the image file's bytes, the caption's UTF-8) and the D float32
 * values (little-endian), appended as they are computed; a torn last record (a crash mid-write) is cut off when the
 * cache opens. {@code files.tsv} remembers each image file's size, modification time and SHA-256, so an unchanged
 * file is not read again to find its checksum. A lock file keeps two processes from writing at once.
 */
public final class FeatureCache implements AutoCloseable {

    /** What a cached feature is of. */
    public enum Kind {
        IMAGE,
        CAPTION
    }

    private static final int SHA_BYTES = 32;

    private final Path directory;
    private final int dimension;
    private final int recordBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel features;
    private final BufferedWriter files;
    private final Map<String, Long> offsets = new HashMap<>();
    private final Map<String, FileChecksums.Entry> knownFiles;
    private int hits;
    private int misses;

    private FeatureCache(Path directory, int dimension) throws IOException {
        this.directory = directory;
        this.dimension = dimension;
        this.recordBytes = 1 + SHA_BYTES + Float.BYTES * dimension;
        this.lockChannel =
                FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.lock = lockChannel.lock();
        this.features = FileChannel.open(
                directory.resolve("features.bin"),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        indexRecords();
        Path filesTsv = directory.resolve("files.tsv");
        this.knownFiles = FileChecksums.read(filesTsv);
        this.files = Files.newBufferedWriter(
                filesTsv, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Opens (creating if needed) the cache of one encoder key under {@code root}. */
    public static FeatureCache open(Path root, EncoderKey key) {
        Path directory = root.resolve(key.directoryName());
        try {
            Files.createDirectories(directory);
            Path keyFile = directory.resolve("key.txt");
            if (!Files.exists(keyFile)) {
                Files.writeString(keyFile, key.description() + "\n");
            } else if (!Files.readString(keyFile).equals(key.description() + "\n")) {
                throw new CirstreamException("feature cache " + directory + " belongs to another encoder key:"
                        + " delete it, or point the cache elsewhere");
            }
            return new FeatureCache(directory, key.dimension());
        } catch (IOException e) {
            throw new CirstreamException("cannot open the feature cache " + directory + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The SHA-256 (hex) of an image file, from {@code files.tsv} when its size and modification time are unchanged. */
    public String fileChecksum(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        long size = Files.size(absolute);
        long modified = Files.getLastModifiedTime(absolute).toMillis();
        FileChecksums.Entry known = knownFiles.get(absolute.toString());
        if (known != null && known.size() == size && known.modifiedMillis() == modified) {
            return known.sha256();
        }
        String sha = FileChecksums.sha256(absolute);
        FileChecksums.Entry entry = new FileChecksums.Entry(size, modified, sha);
        knownFiles.put(absolute.toString(), entry);
        FileChecksums.append(files, absolute.toString(), entry);
        return sha;
    }

    /** The SHA-256 (hex) of a caption's UTF-8 bytes: its key in the cache. */
    public static String captionChecksum(String caption) {
        return FileChecksums.sha256(caption);
    }

    /** The cached feature of this content, or null. */
    public synchronized float[] get(Kind kind, String sha256) throws IOException {
        Long offset = offsets.get(key(kind, sha256));
        if (offset == null) {
            misses++;
            return null;
        }
        hits++;
        ByteBuffer buffer = ByteBuffer.allocate(Float.BYTES * dimension).order(ByteOrder.LITTLE_ENDIAN);
        features.read(buffer, offset + 1 + SHA_BYTES);
        buffer.flip();
        float[] feature = new float[dimension];
        buffer.asFloatBuffer().get(feature);
        return feature;
    }

    /** Stores a feature (once per content: a second put of the same key is ignored). */
    public synchronized void put(Kind kind, String sha256, float[] feature) throws IOException {
        if (feature.length != dimension) {
            throw new IllegalArgumentException(
                    "feature of " + feature.length + " values in a cache of dimension " + dimension);
        }
        String key = key(kind, sha256);
        if (offsets.containsKey(key)) {
            return;
        }
        ByteBuffer record = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
        record.put((byte) kind.ordinal()).put(HexFormat.of().parseHex(sha256));
        for (float v : feature) {
            record.putFloat(v);
        }
        record.flip();
        long offset = features.size();
        while (record.hasRemaining()) {
            features.write(record, offset + record.position());
        }
        offsets.put(key, offset);
    }

    /** Lookups answered from the cache so far. */
    public synchronized int hits() {
        return hits;
    }

    /** Lookups the cache could not answer so far. */
    public synchronized int misses() {
        return misses;
    }

    /** Features held. */
    public synchronized int size() {
        return offsets.size();
    }

    private void indexRecords() throws IOException {
        long size = features.size();
        long whole = size - size % recordBytes;
        if (whole != size) {
            features.truncate(whole);
        }
        ByteBuffer head = ByteBuffer.allocate(1 + SHA_BYTES);
        for (long offset = 0; offset < whole; offset += recordBytes) {
            head.clear();
            features.read(head, offset);
            head.flip();
            int kind = head.get();
            byte[] sha = new byte[SHA_BYTES];
            head.get(sha);
            if (kind < 0 || kind >= Kind.values().length) {
                throw new CirstreamException(
                        "feature cache " + directory + " is corrupt at byte " + offset + ": delete the directory");
            }
            offsets.put(key(Kind.values()[kind], HexFormat.of().formatHex(sha)), offset);
        }
    }

    private static String key(Kind kind, String sha256) {
        return kind.ordinal() + sha256;
    }

    @Override
    public synchronized void close() {
        try (lockChannel;
                features;
                files) {
            files.flush();
            features.force(false);
            lock.release();
        } catch (IOException e) {
            throw new CirstreamException("cannot close the feature cache " + directory + ": " + e.getMessage(), e);
        }
    }
}
