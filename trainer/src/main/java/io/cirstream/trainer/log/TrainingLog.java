package io.cirstream.trainer.log;

import io.cirstream.core.io.DurableFiles;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable training log: every triplet consumed from the triplet topic, one per id, on local disk.
 *
 * <p>{@link #append} writes a batch of entries followed by a checkpoint holding the topic positions the batch was read
 * up to, and forces the file to disk before it returns; the caller commits the offsets to Kafka only after that. On
 * {@link #open} the log is replayed up to its last complete checkpoint, and a batch torn by a crash is cut off: its
 * records are read again from the topic, from the {@link #positions()} the log restored.
 *
 * <p>A triplet re-sent under the same id replaces the earlier one (the topic is compacted by id); an identical re-send
 * (a redelivery) changes nothing and is not written again; a tombstone removes it. When superseded records outnumber
 * the live ones, the file is rewritten with only the live triplets and moved into place atomically.
 *
 * <p>Thread-safe.
 */
public final class TrainingLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLog.class);

    /** The log file inside the log directory. */
    public static final String FILE_NAME = "triplets.log";

    private static final String COMPACTING_SUFFIX = ".compacting";

    /** By default, compaction starts once at least this many records on disk are superseded. */
    static final long MIN_SUPERSEDED_TO_COMPACT = 10_000;

    private final Path file;
    private final long minSupersededToCompact;
    private final LinkedHashMap<String, Triplet> triplets;
    private Map<Integer, Long> positions;
    private long sequence;
    private long entryRecords;
    private FileChannel channel;

    private TrainingLog(Path file, long minSupersededToCompact, LogReplay.State state, FileChannel channel) {
        this.file = file;
        this.minSupersededToCompact = minSupersededToCompact;
        this.triplets = state.triplets();
        this.positions = Map.copyOf(state.positions());
        this.sequence = state.sequence();
        this.entryRecords = state.entryRecords();
        this.channel = channel;
    }

    /** Opens the log in {@code directory} (creating both if missing) and replays it. */
    public static TrainingLog open(Path directory) {
        return open(directory, MIN_SUPERSEDED_TO_COMPACT);
    }

    static TrainingLog open(Path directory, long minSupersededToCompact) {
        Objects.requireNonNull(directory, "directory");
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(directory.resolve(FILE_NAME + COMPACTING_SUFFIX));
            if (!Files.exists(file)) {
                DurableFiles.write(file, LogRecords.header());
            }
            LogReplay.State state = LogReplay.read(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
            long size = channel.size();
            if (size > state.validEnd()) {
                LOG.warn(
                        "training log {}: dropping {} bytes of a batch that was not completed before a crash; it is"
                                + " read again from the topic",
                        file,
                        size - state.validEnd());
                channel.truncate(state.validEnd());
                channel.force(true);
            }
            channel.position(state.validEnd());
            return new TrainingLog(file, minSupersededToCompact, state, channel);
        } catch (IOException e) {
            throw new TrainingLogException("cannot open the training log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code entries} and the topic {@code positions} they were read up to, durably: when this returns the
     * batch survives a crash and the offsets may be committed.
     *
     * @param entries the changes, in topic order
     * @param positions the next offset per partition after this batch (partitions not named keep their position)
     */
    public synchronized AppendResult append(List<LogEntry> entries, Map<Integer, Long> positions) {
        requireOpen();
        int added = 0;
        int replaced = 0;
        int unchanged = 0;
        int removed = 0;
        LinkedHashMap<String, Triplet> view = new LinkedHashMap<>();
        List<LogEntry> effective = new ArrayList<>();
        for (LogEntry entry : entries) {
            Triplet held =
                    view.containsKey(entry.tripletId()) ? view.get(entry.tripletId()) : triplets.get(entry.tripletId());
            switch (entry) {
                case LogEntry.Put put -> {
                    if (put.triplet().equals(held)) {
                        unchanged++;
                        continue;
                    }
                    if (held == null) {
                        added++;
                    } else {
                        replaced++;
                    }
                }
                case LogEntry.Remove remove -> {
                    if (held == null) {
                        continue;
                    }
                    removed++;
                }
            }
            view.put(entry.tripletId(), entry instanceof LogEntry.Put put ? put.triplet() : null);
            effective.add(entry);
        }
        Map<Integer, Long> merged = new HashMap<>(this.positions);
        merged.putAll(positions);
        long newSequence = sequence + effective.size();
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (LogEntry entry : effective) {
            batch.writeBytes(
                    switch (entry) {
                        case LogEntry.Put put -> LogRecords.put(put.triplet());
                        case LogEntry.Remove remove -> LogRecords.remove(remove.tripletId());
                    });
        }
        batch.writeBytes(LogRecords.checkpoint(newSequence, merged));
        writeDurably(batch.toByteArray());
        for (LogEntry entry : effective) {
            LogReplay.apply(triplets, entry);
        }
        this.positions = Map.copyOf(merged);
        this.sequence = newSequence;
        this.entryRecords += effective.size();
        compactIfWorthIt();
        return new AppendResult(added, replaced, unchanged, removed);
    }

    /** The next topic offset per partition that the log holds everything before. */
    public synchronized Map<Integer, Long> positions() {
        return positions;
    }

    /** The live triplets, in the order their ids first appeared (a copy). */
    public synchronized List<Triplet> triplets() {
        return List.copyOf(triplets.values());
    }

    /** How many live triplets the log holds. */
    public synchronized int size() {
        return triplets.size();
    }

    /** How many changes (additions, replacements, removals) the log has ever applied; it only grows. */
    public synchronized long sequence() {
        return sequence;
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new TrainingLogException("cannot close the training log " + file, e);
        } finally {
            channel = null;
        }
    }

    private void writeDurably(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new TrainingLogException("cannot append to the training log " + file + ": " + e.getMessage(), e);
        }
    }

    private void compactIfWorthIt() {
        long superseded = entryRecords - triplets.size();
        if (superseded < minSupersededToCompact || superseded < triplets.size()) {
            return;
        }
        Path compacting = file.resolveSibling(FILE_NAME + COMPACTING_SUFFIX);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(compacting))) {
                out.write(LogRecords.header());
                for (Triplet triplet : triplets.values()) {
                    out.write(LogRecords.put(triplet));
                }
                out.write(LogRecords.checkpoint(sequence, positions));
            }
            DurableFiles.force(compacting);
            DurableFiles.move(compacting, file);
            FileChannel old = channel;
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
            channel.position(channel.size());
            old.close();
            LOG.info("training log {}: compacted {} records to {} live triplets", file, entryRecords, triplets.size());
            entryRecords = triplets.size();
        } catch (IOException e) {
            throw new TrainingLogException("cannot compact the training log " + file + ": " + e.getMessage(), e);
        }
    }

    private void requireOpen() {
        if (channel == null) {
            throw new TrainingLogException("the training log " + file + " is closed");
        }
    }
}
