package io.cirstream.trainer.log;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a training log from the start and rebuilds its state. Entries count only once the checkpoint after them is
 * read: a batch whose checkpoint is missing, torn or fails its CRC was never acknowledged (its topic offsets were not
 * committed) and is dropped, to be consumed again from the last checkpoint's positions.
 */
final class LogReplay {

    /**
     * The state at the last complete checkpoint.
     *
     * @param triplets the live triplets by id, in the order their ids first appeared
     * @param positions the next topic offset per partition
     * @param sequence the number of changes ever applied (it only grows)
     * @param validEnd the file offset just past the last checkpoint; anything after it is an unfinished batch
     * @param entryRecords the put and remove records before {@code validEnd} (for compaction)
     */
    record State(
            LinkedHashMap<String, Triplet> triplets,
            Map<Integer, Long> positions,
            long sequence,
            long validEnd,
            long entryRecords) {}

    private LogReplay() {}

    static State read(Path file) throws IOException {
        LinkedHashMap<String, Triplet> triplets = new LinkedHashMap<>();
        Map<Integer, Long> positions = new HashMap<>();
        long sequence = 0;
        long validEnd = LogRecords.HEADER_BYTES;
        long entryRecords = 0;
        List<LogEntry> pending = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream in = new DataInputStream(raw)) {
            checkHeader(file, in);
            long position = LogRecords.HEADER_BYTES;
            while (true) {
                ByteBuffer body = readFrame(in);
                if (body == null) {
                    break;
                }
                position += LogRecords.FRAME_HEADER_BYTES + body.remaining();
                byte type = body.get();
                if (type == LogRecords.PUT) {
                    pending.add(new LogEntry.Put(LogRecords.decodePut(body)));
                } else if (type == LogRecords.REMOVE) {
                    pending.add(new LogEntry.Remove(LogRecords.decodeRemove(body)));
                } else if (type == LogRecords.CHECKPOINT) {
                    sequence = body.getLong();
                    positions = readPositions(body);
                    for (LogEntry entry : pending) {
                        apply(triplets, entry);
                    }
                    entryRecords += pending.size();
                    pending.clear();
                    validEnd = position;
                } else {
                    break;
                }
            }
        }
        return new State(triplets, positions, sequence, validEnd, entryRecords);
    }

    static void apply(LinkedHashMap<String, Triplet> triplets, LogEntry entry) {
        switch (entry) {
            case LogEntry.Put put -> triplets.put(put.tripletId(), put.triplet());
            case LogEntry.Remove remove -> triplets.remove(remove.tripletId());
        }
    }

    private static void checkHeader(Path file, DataInputStream in) throws IOException {
        byte[] magic = new byte[LogRecords.MAGIC.length];
        try {
            in.readFully(magic);
            int version = in.readInt();
            if (!Arrays.equals(magic, LogRecords.MAGIC) || version != LogRecords.FORMAT_VERSION) {
                throw new TrainingLogException(file + " is not a cirstream training log of format version "
                        + LogRecords.FORMAT_VERSION + " (it starts with other bytes, or version " + version + ")");
            }
        } catch (EOFException e) {
            throw new TrainingLogException(file + " is shorter than a training-log header", e);
        }
    }

    /** The next frame's body, or null at the end of the file or at a torn or corrupt frame. */
    private static ByteBuffer readFrame(DataInputStream in) throws IOException {
        try {
            int length = in.readInt();
            int crc = in.readInt();
            if (length < 1 || length > LogRecords.MAX_BODY_BYTES) {
                return null;
            }
            byte[] body = new byte[length];
            in.readFully(body);
            if ((int) LogRecords.crc(body, 0, length) != crc) {
                return null;
            }
            return ByteBuffer.wrap(body);
        } catch (EOFException e) {
            return null;
        }
    }

    private static Map<Integer, Long> readPositions(ByteBuffer body) {
        int count = body.getInt();
        Map<Integer, Long> positions = new HashMap<>();
        for (int i = 0; i < count; i++) {
            positions.put(body.getInt(), body.getLong());
        }
        return positions;
    }
}
