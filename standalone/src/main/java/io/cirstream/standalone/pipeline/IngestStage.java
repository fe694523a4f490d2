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
import java.util.concurrent.atomic.AtomicReference;

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

    /** Opens the encoder and the store and starts the service; {@code parts} stops them in reverse order. */
    static IngestStage start(Settings settings, ShutdownStack parts) {
        IngestConfig config = IngestConfig.from(settings);
        ModelBundle bundle = ModelBundle.open(config.bundle(), config.verifyBundle());
        TorchRuntime.Resolved runtime = TorchRuntime.resolve(config.runtime());
        ImageEmbedder embedder = ImageEmbedder.open(bundle, runtime, config.imageLimits());
        AtomicReference<EncoderFollower> follower = new AtomicReference<>();
        // closed last: the encoder in use, the first one or one the follower switched to
        parts.push("image encoder", () -> {
            EncoderFollower started = follower.get();
            if (started == null) {
                embedder.close();
            } else {
                started.closeEncoder();
            }
        });
        VectorStore store = parts.push("vector store", config.store().open());
        IngestService service = parts.push(
                "ingest service",
                IngestService.start(config, embedder, store, ServiceMetrics.create(IngestService.NAME)));
        follower.set(parts.push("encoder line", EncoderFollower.start(config, service, embedder, runtime)));
        return new IngestStage(config, store, service, follower.get());
    }
}
