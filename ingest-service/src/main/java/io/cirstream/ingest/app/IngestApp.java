package io.cirstream.ingest.app;

import io.cirstream.core.config.Settings;
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

    private final VectorStore store;
    private final IngestService service;
    private final EncoderFollower encoders;

    private IngestApp(VectorStore store, IngestService service, EncoderFollower encoders) {
        this.store = store;
        this.service = service;
        this.encoders = encoders;
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

    /**
     * Opens the image encoder (the latest announced on the encoder line, else the configured bundle's) and the store,
     * and starts the service on them.
     */
    public static IngestApp start(IngestConfig config) {
        ModelBundle bundle = ModelBundle.open(config.bundle(), config.verifyBundle());
        EncoderFollower encoders = EncoderFollower.start(config, TorchRuntime.resolve(config.runtime()));
        VectorStore store = null;
        IngestService service = null;
        try {
            ImageEmbedder embedder = encoders.initialEncoder(bundle);
            store = config.store().open();
            service = IngestService.start(config, embedder, store, ServiceMetrics.create(IngestService.NAME));
            encoders.attach(service);
            return new IngestApp(store, service, encoders);
        } catch (RuntimeException | InterruptedException e) {
            if (service != null) {
                service.close();
            }
            if (store != null) {
                store.close();
            }
            encoders.close();
            encoders.closeEncoder();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
            throw (RuntimeException) e;
        }
    }

    public IngestService service() {
        return service;
    }

    /** What follows the encoder line and owns the image encoder in use. */
    public EncoderFollower encoders() {
        return encoders;
    }

    @Override
    public void close() {
        encoders.close();
        service.close();
        store.close();
        encoders.closeEncoder();
    }
}
