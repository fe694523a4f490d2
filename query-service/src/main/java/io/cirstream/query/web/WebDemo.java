package io.cirstream.query.web;

import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.core.store.VectorStore;
import io.javalin.http.HandlerType;
import java.time.Clock;

/**
 * The web demo on the query service's HTTP server: the page ({@link DemoPages}, at {@value DemoPages#PATH}), which
 * uses the public API ({@code /api/v1/...}) for searches, products, feedback and models, and two routes of its own:
 * {@value #LIVE} (the stream's figures, {@link StreamStatus}) and {@value #TRAINER} (the trainer's training API and
 * health, {@link TrainerProxy}). These are the demo's, not part of the versioned API.
 */
public final class WebDemo implements AutoCloseable {

    /** The live view's figures. */
    public static final String LIVE = "/demo/api/live";

    /** The trainer's {@code /train}: {@code POST} to retrain now, {@code GET} for progress. */
    public static final String TRAINER = "/demo/api/train";

    /** The trainer's health (the triplets in its log). */
    public static final String TRAINER_HEALTH = "/demo/api/trainer-health";

    private final DemoPages pages = new DemoPages();
    private final StreamStatus stream;
    private final TrainerProxy trainer;

    /**
     * @param config the demo's settings
     * @param bootstrapServers the Kafka cluster whose topics the live view shows
     * @param store the vector store the service searches
     */
    public WebDemo(WebDemoConfig config, String bootstrapServers, VectorStore store) {
        this.stream = new StreamStatus(bootstrapServers, store, Clock.systemUTC());
        this.trainer = new TrainerProxy(config.trainerUrl());
    }

    /** Adds the page and the demo's routes to a server being built. */
    public ServiceHttp.Builder addTo(ServiceHttp.Builder http) {
        return http.route(HandlerType.GET, "/", pages::root)
                .route(HandlerType.GET, DemoPages.PATH, pages::index)
                .route(HandlerType.GET, DemoPages.PATH + "{file}", pages::file)
                .route(HandlerType.GET, LIVE, ctx -> ctx.contentType("application/json")
                        .result(stream.snapshot().toString()))
                .route(HandlerType.POST, TRAINER, trainer::retrain)
                .route(HandlerType.GET, TRAINER, trainer::progress)
                .route(HandlerType.GET, TRAINER_HEALTH, trainer::health);
    }

    @Override
    public void close() {
        stream.close();
    }
}
