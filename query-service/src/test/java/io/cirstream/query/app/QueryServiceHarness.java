package io.cirstream.query.app;

import io.cirstream.core.config.Settings;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.Await;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.testkit.Http;
import io.cirstream.query.testkit.ModelParts;
import io.cirstream.query.testkit.TestCatalogue;
import io.cirstream.schemas.topic.Topics;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query service as it runs, for tests: the in-JVM broker with every topic, a store holding a small catalogue,
 * its catalogue events on the catalogue topic, and the service with its HTTP API. Subclasses give the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueryServiceHarness {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    static final int PRODUCTS = 40;
    static final Duration WAIT = Duration.ofSeconds(90);

    Path work;

    EmbeddedKafka kafka;
    VectorStore store;
    QueryService service;
    Http http;
    KafkaProducer<String, byte[]> producer;
    final Map<String, byte[]> images = new HashMap<>();
    String encoderVersion;

    /** The store under test, filled by the caller; opened in {@code directory}. */
    abstract VectorStore openStore(Path directory);

    /** The store the service uses: the same one (shared), or empty to open its own from {@link #storeSettings}. */
    abstract Optional<VectorStore> sharedStore();

    /** The service's store settings. */
    abstract Map<String, String> storeSettings();

    @BeforeAll
    void start(@TempDir Path directory) throws IOException {
        work = directory;
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.ALL);
        store = openStore(work.resolve("store"));
        try (ModelParts parts = new ModelParts()) {
            encoderVersion = parts.bundle.encoderVersion();
            TestCatalogue.fill(store, PRODUCTS, parts.bundle.featureDim(), encoderVersion);
        }
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        for (int i = 0; i < PRODUCTS; i++) {
            byte[] image = png(i);
            images.put(TestCatalogue.id(i), image);
            producer.send(new ProducerRecord<>(
                    Topics.CATALOG_PRODUCTS.name(),
                    TestCatalogue.id(i),
                    Topics.CATALOG_PRODUCTS
                            .valueSerde()
                            .serializer()
                            .serialize(Topics.CATALOG_PRODUCTS.name(), TestCatalogue.event(i, image))));
        }
        producer.flush();
        service = QueryService.start(config(serviceOverrides()), sharedStore());
        http = new Http(service.httpPort());
        Await.until(
                "the catalogue view to hold every product",
                WAIT,
                () -> http.get("/api/v1/products/p" + (PRODUCTS - 1)).status() == 200);
    }

    /** Settings of the service over the harness's own. */
    Map<String, String> serviceOverrides() {
        return Map.of();
    }

    QueryConfig config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(storeSettings());
        settings.put(QueryConfig.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        settings.put(QueryConfig.BUNDLE.name(), ModelParts.BUNDLE.toString());
        settings.put(QueryConfig.DATA_DIRECTORY.name(), work.resolve("query").toString());
        settings.put(QueryConfig.HTTP_PORT.name(), "0");
        settings.put(QueryConfig.STREAM_THREADS.name(), "2");
        settings.put(QueryConfig.MAX_K.name(), "50");
        settings.put(QueryConfig.MAX_REQUESTS_PER_SECOND.name(), "1000");
        settings.put(
                ModelStoreConfig.LOCATION.name(), work.resolve("models").toUri().toString());
        settings.put(ImageLimits.MAX_BYTES_KEY.name(), "200000");
        settings.put(ImageLimits.MAX_PIXELS_KEY.name(), "100000");
        settings.put("cirstream.model.device", "cpu");
        settings.putAll(overrides);
        return QueryConfig.from(Settings.of(settings));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (store != null) {
            store.close();
        }
        stopStoreServer();
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Stops what serves the store, after the service and the store are closed. */
    void stopStoreServer() {}

    static byte[] png(int i) throws IOException {
        BufferedImage image = new BufferedImage(24, 32, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(Color.HSBtoRGB(i / 40f, 0.8f, 0.9f)));
        graphics.fillRect(0, 0, 24, 32);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    KafkaConsumer<String, byte[]> reader() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }
}
