package io.cirstream.standalone.pipeline;

import io.cirstream.core.progress.ProgressListener;
import io.cirstream.demo.catalog.CatalogEventPublisher;
import io.cirstream.schemas.topic.Topics;
import java.io.IOException;
import org.apache.kafka.clients.producer.Producer;

/**
 * Step 2's second half: the catalogue's events on {@code catalog.products}, sent by demo's
 * {@link CatalogEventPublisher} (as {@code cirstream synth --publish} does). When the topic holds the whole catalogue
 * already (a {@code --keep} run), nothing is sent again.
 *
 * @param bootstrapServers the embedded broker
 * @param sent events sent now
 * @param onTopic records on the topic after this step
 */
record CatalogueTopic(String bootstrapServers, long sent, long onTopic) implements StepOutcome {

    static CatalogueTopic publish(
            String bootstrapServers, GroupOffsets offsets, SynthCatalogue catalogue, ProgressListener progress)
            throws IOException {
        String topic = Topics.CATALOG_PRODUCTS.name();
        long before = offsets.records(topic);
        long sent = 0;
        if (before < catalogue.products()) {
            progress.stage("publishing to " + topic, catalogue.products());
            long[] last = {0};
            try (Producer<String, byte[]> producer = CatalogEventPublisher.producer(bootstrapServers)) {
                sent = new CatalogEventPublisher(producer, Topics.CATALOG_PRODUCTS)
                        .publish(catalogue.events(), count -> {
                            progress.advance(count - last[0]);
                            last[0] = count;
                        });
            }
        }
        return new CatalogueTopic(bootstrapServers, sent, offsets.records(topic));
    }

    @Override
    public String summary() {
        return String.format(
                "broker on %s; %s, %d records on %s",
                bootstrapServers,
                sent > 0 ? sent + " catalogue events sent" : "the catalogue was on the topic already",
                onTopic,
                Topics.CATALOG_PRODUCTS.name());
    }
}
