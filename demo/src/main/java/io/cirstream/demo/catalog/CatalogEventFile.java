package io.cirstream.demo.catalog;

import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.serde.AvroSerde;
import io.cirstream.schemas.topic.Topics;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of catalogue events, as the catalogue topic carries them: the 8 ASCII bytes {@code CSEVENT1}, then one frame
 * per event, each a 4-byte big-endian length followed by that many bytes of the event's value on
 * {@code catalog.products} (a {@link CatalogEvent} in Avro single-object encoding, {@code C3 01} + schema fingerprint +
 * body, via the topic's serde). A frame is at most {@link #MAX_FRAME_BYTES}, the topic's record size limit. The
 * key of each event is its product id. {@code cirstream synth} writes one; {@link CatalogEventFileReader} reads it.
 */
public final class CatalogEventFile {

    /** The first bytes of every catalogue event file. */
    public static final byte[] MAGIC = "CSEVENT1".getBytes(StandardCharsets.US_ASCII);

    /** The largest frame: the catalogue topic's {@code max.message.bytes}. */
    public static final int MAX_FRAME_BYTES = Topics.IMAGE_RECORD_MAX_BYTES;

    static final AvroSerde<CatalogEvent> SERDE = AvroSerde.of(CatalogEvent.class);

    private CatalogEventFile() {}

    /** Opens a writer that creates (or replaces) the file. */
    public static Writer create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new Writer(FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }

    /** The product id of an event: its Kafka key. */
    public static String keyOf(CatalogEvent event) {
        return switch (event.getEvent()) {
            case ProductUpserted upserted -> upserted.getProductId();
            case ProductDeleted deleted -> deleted.getProductId();
            default -> throw new IllegalArgumentException("unknown catalogue event " + event.getEvent());
        };
    }

    /** Appends framed events; {@link #close} flushes and syncs the file to disk. */
    public static final class Writer implements AutoCloseable {
        private final FileChannel channel;
        private final DataOutputStream out;
        private long events;

        private Writer(FileChannel channel) throws IOException {
            this.channel = channel;
            this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
            out.write(MAGIC);
        }

        /** Appends one event; refuses one larger than {@link #MAX_FRAME_BYTES}. */
        public void append(CatalogEvent event) throws IOException {
            byte[] value = SERDE.serialize(Topics.CATALOG_PRODUCTS.name(), event);
            if (value.length > MAX_FRAME_BYTES) {
                throw new IllegalArgumentException("event of product " + keyOf(event) + " encodes to " + value.length
                        + " bytes, over the catalogue topic's limit of " + MAX_FRAME_BYTES);
            }
            out.writeInt(value.length);
            out.write(value);
            events++;
        }

        /** Events written so far. */
        public long events() {
            return events;
        }

        @Override
        public void close() throws IOException {
            try (out) {
                out.flush();
                channel.force(true);
            }
        }
    }
}
