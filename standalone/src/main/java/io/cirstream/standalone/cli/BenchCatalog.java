package io.cirstream.standalone.cli;

import io.cirstream.demo.catalog.CatalogEventPublisher;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.topic.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The benchmark's side of the catalogue topic: it sends product events (each with its image inline) and watches
 * the ingest group's committed offsets.
 */
final class BenchCatalog implements AutoCloseable {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final long POLL_MILLIS = 50;
    private static final long PRICE = 4_999;

    private final String group;
    private final Admin admin;
    private final Producer<String, byte[]> producer;

    BenchCatalog(String bootstrapServers, String group) {
        this.group = group;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.producer = CatalogEventPublisher.producer(bootstrapServers);
    }

    /** Sends an upsert of this product with this image, without waiting. */
    void send(String productId, byte[] image) {
        CatalogEvent event = new CatalogEvent(ProductUpserted.newBuilder()
                .setProductId(productId)
                .setImage(ByteBuffer.wrap(image))
                .setTitle("benchmark product " + productId)
                .setCategory("dress")
                .setPriceMinorUnits(PRICE)
                .setCurrency("EUR")
                .setInStock(true)
                .setAttributes(Map.of())
                .setEventTime(Instant.now())
                .setImageSha256(null)
                .build());
        byte[] value =
                Topics.CATALOG_PRODUCTS.valueSerde().serializer().serialize(Topics.CATALOG_PRODUCTS.name(), event);
        producer.send(new ProducerRecord<>(Topics.CATALOG_PRODUCTS.name(), productId, value));
    }

    void flush() {
        producer.flush();
    }

    /** Waits until the group is stable with all {@code partitions} assigned, so the clock starts on a ready consumer. */
    void awaitAssigned(int partitions) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (assigned() == partitions) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("the ingest consumer got no assignment within " + WAIT);
    }

    /** How many partitions the group's members hold now (0 before the group exists). */
    private int assigned() {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return description.members().stream()
                    .mapToInt(m -> m.assignment().topicPartitions().size())
                    .sum();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw new IllegalStateException("cannot read the ingest group: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not describe the ingest group within " + WAIT, e);
        }
    }

    /** The records the group has committed, over all partitions. */
    long committed() {
        Map<?, OffsetAndMetadata> offsets = call(() -> admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));
        return offsets.values().stream()
                .filter(Objects::nonNull)
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }

    private interface AdminCall<T> {
        T run() throws InterruptedException, ExecutionException, TimeoutException;
    }

    private static <T> T call(AdminCall<T> call) {
        try {
            return call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the ingest group: " + e, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
