package io.cirstream.demo.catalog;

import io.cirstream.core.CirstreamException;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.topic.Topics;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a {@link CatalogEventFile} frame by frame. A bad header, a frame longer than the limit, a truncated frame or
 * bytes that are not a catalogue event fail with the frame's number and byte offset. Not thread-safe.
 */
public final class CatalogEventFileReader implements AutoCloseable {

    private static final int LENGTH_BYTES = 4;

    private final Path file;
    private final DataInputStream in;
    private long offset;
    private long frames;

    private CatalogEventFileReader(Path file, InputStream raw) {
        this.file = file;
        this.in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }

    /** Opens a file and checks its header. */
    public static CatalogEventFileReader open(Path file) throws IOException {
        CatalogEventFileReader reader = new CatalogEventFileReader(file, Files.newInputStream(file));
        byte[] magic = new byte[CatalogEventFile.MAGIC.length];
        int read = reader.in.readNBytes(magic, 0, magic.length);
        if (read != magic.length || !Arrays.equals(magic, CatalogEventFile.MAGIC)) {
            reader.close();
            throw new CirstreamException(file + " is not a catalogue event file: it does not start with 'CSEVENT1'");
        }
        reader.offset = magic.length;
        return reader;
    }

    /** The next frame's bytes (a catalogue topic value), or null at the end of the file. */
    public byte[] nextValue() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        long frameOffset = offset;
        int length;
        try {
            length = (first << 24)
                    | (in.readUnsignedByte() << 16)
                    | (in.readUnsignedByte() << 8)
                    | in.readUnsignedByte();
        } catch (EOFException e) {
            throw truncated(frameOffset, "its length");
        }
        if (length < 0 || length > CatalogEventFile.MAX_FRAME_BYTES) {
            throw new CirstreamException(file + ": frame " + frames + " at byte " + frameOffset + " declares "
                    + Integer.toUnsignedString(length) + " bytes, over the limit of "
                    + CatalogEventFile.MAX_FRAME_BYTES);
        }
        byte[] value = in.readNBytes(length);
        if (value.length != length) {
            throw truncated(frameOffset, length + " bytes (found " + value.length + ")");
        }
        offset += LENGTH_BYTES + length;
        frames++;
        return value;
    }

    /** The next event, decoded, or null at the end of the file. */
    public CatalogEvent next() throws IOException {
        long frame = frames;
        long at = offset;
        byte[] value = nextValue();
        if (value == null) {
            return null;
        }
        try {
            return CatalogEventFile.SERDE.deserialize(Topics.CATALOG_PRODUCTS.name(), value);
        } catch (RuntimeException e) {
            throw new CirstreamException(
                    file + ": frame " + frame + " at byte " + at + " is not a catalogue event: " + e.getMessage(), e);
        }
    }

    /** Frames read so far. */
    public long frames() {
        return frames;
    }

    private CirstreamException truncated(long frameOffset, String what) {
        return new CirstreamException(
                file + ": frame " + frames + " at byte " + frameOffset + " is truncated: the file ends inside " + what);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
