package io.cirstream.standalone.pipeline;

import io.cirstream.core.config.Settings;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.ops.ServiceMetrics;
import io.cirstream.core.store.VectorStore;
import io.cirstream.ingest.app.EncoderFollower;
import io.cirstream.ingest.app.IngestService;
import io.cirstream.ingest.config.IngestConfig;

/**
 * Step 3's parts: the real ingest service on the embedded broker, with the bundle's image encoder and the Lucene store
 * its configuration names, opened as {@code IngestApp} opens them; they keep running until the pipeline stops (the
 * trainer reads the same store).
 *
 * @param config the service's configuration, from the pipeline's settings
 * @param store the vector store (shared with the trainer)
 * @param service the running service
 * @param encoders what follows the encoder line (and owns the image encoder in use)
 */
record IngestStage(IngestConfig config, VectorStore store, IngestService service, EncoderFollower encoders) {

    /**
     * Opens the encoder (the latest announced on the encoder line, else the bundle's) and the store and starts the
     * service; {@code parts} stops them in reverse order.
     */
    static IngestStage start(Settings settings, ShutdownStack parts) {
        IngestConfig config = IngestConfig.from(settings);
        ModelBundle bundle = ModelBundle.open(config.bundle(), config.verifyBundle());
        // closed last: the encoder in use, the first one or one the follower switched to
        EncoderFollower follower = EncoderFollower.start(config, TorchRuntime.resolve(config.runtime()));
        parts.push("image encoder", follower::closeEncoder);
        ImageEmbedder embedder;
        try {
            embedder = follower.initialEncoder(bundle);
        } catch (InterruptedException e) {
            follower.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the encoder line", e);
        }
        VectorStore store = parts.push("vector store", config.store().open());
        IngestService service = parts.push(
                "ingest service",
                IngestService.start(config, embedder, store, ServiceMetrics.create(IngestService.NAME)));
        parts.push("encoder line", follower);
        follower.attach(service);
        return new IngestStage(config, store, service, follower);
    }
}
