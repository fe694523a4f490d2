package io.cirstream.standalone.pipeline;

import io.cirstream.core.config.Settings;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.ops.ServiceMetrics;
import io.cirstream.core.store.VectorStore;
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
 */
record IngestStage(IngestConfig config, VectorStore store, IngestService service) {

    /** Opens the encoder and the store and starts the service; {@code parts} stops them in reverse order. */
    static IngestStage start(Settings settings, ShutdownStack parts) {
        IngestConfig config = IngestConfig.from(settings);
        ModelBundle bundle = ModelBundle.open(config.bundle(), config.verifyBundle());
        ImageEmbedder embedder = parts.push(
                "image encoder",
                ImageEmbedder.open(bundle, TorchRuntime.resolve(config.runtime()), config.imageLimits()));
        VectorStore store = parts.push("vector store", config.store().open());
        IngestService service = parts.push(
                "ingest service",
                IngestService.start(config, embedder, store, ServiceMetrics.create(IngestService.NAME)));
        return new IngestStage(config, store, service);
    }
}
