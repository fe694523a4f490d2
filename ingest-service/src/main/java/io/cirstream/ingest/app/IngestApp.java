package io.cirstream.ingest.app;

import io.cirstream.core.config.Settings;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.ops.ServiceMetrics;
import io.cirstream.core.store.VectorStore;
import io.cirstream.ingest.config.IngestConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ingest service as a process: configuration from system properties and the environment
 * ({@link IngestConfig}), the bundle's image encoder, the configured store, until SIGTERM (or SIGINT), on which it
 * stops consuming and closes the store cleanly.
 */
public final class IngestApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);

    private final ImageEmbedder embedder;
    private final VectorStore store;
    private final IngestService service;

    private IngestApp(ImageEmbedder embedder, VectorStore store, IngestService service) {
        this.embedder = embedder;
        this.store = store;
        this.service = service;
    }

    public static void main(String[] args) throws InterruptedException {
        IngestConfig config = IngestConfig.from(Settings.fromSystem());
        CountDownLatch stopped = new CountDownLatch(1);
        IngestApp app = start(config);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "cirstream-ingest-shutdown"));
        LOG.info("ingest service running: /health and /metrics on port {}", app.service.httpPort());
        stopped.await();
    }

    /** Opens the bundle's image encoder and the store, and starts the service on them. */
    public static IngestApp start(IngestConfig config) {
        ModelBundle bundle = ModelBundle.open(config.bundle(), config.verifyBundle());
        ImageLimits limits = config.imageLimits();
        ImageEmbedder embedder = ImageEmbedder.open(bundle, TorchRuntime.resolve(config.runtime()), limits);
        VectorStore store = null;
        try {
            store = config.store().open();
            return new IngestApp(
                    embedder,
                    store,
                    IngestService.start(config, embedder, store, ServiceMetrics.create(IngestService.NAME)));
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            embedder.close();
            throw e;
        }
    }

    public IngestService service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
        store.close();
        embedder.close();
    }
}
