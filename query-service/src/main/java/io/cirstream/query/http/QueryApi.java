package io.cirstream.query.http;

import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.query.catalog.CatalogView;
import io.cirstream.query.model.ServingCombiner;
import io.cirstream.query.search.EncoderSet;
import io.cirstream.query.search.EncoderSets;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP API of the query service, version 1. Searches go through the topology ({@link SearchHandler}, {@link
 * QueryGateway}); products come from the catalogue view ({@link CatalogHandlers}); feedback becomes a labelled triplet
 * ({@link FeedbackHandler}); models are what this instance loaded. Every route is in {@link #routes()}, which the
 * OpenAPI document at {@link #OPENAPI} describes (a test holds them equal). Each request is checked against the
 * per-client rate and the body-size limit first.
 */
public final class QueryApi {

    public static final String BASE = "/api/v1";
    public static final String SEARCH = BASE + "/search";
    public static final String PRODUCTS = BASE + "/products";
    public static final String PRODUCT = PRODUCTS + "/{id}";
    public static final String PRODUCT_IMAGE = PRODUCT + "/image";
    public static final String FEEDBACK = BASE + "/feedback";
    public static final String MODELS = BASE + "/models";
    public static final String OPENAPI = BASE + "/openapi.json";

    /** The OpenAPI document on the classpath. */
    public static final String OPENAPI_RESOURCE = "/io/cirstream/query/http/openapi.json";

    private final SearchHandler search;
    private final CatalogHandlers catalog;
    private final FeedbackHandler feedback;
    private final EncoderSets encoders;
    private final ClientRateLimiter rates;
    private final long maxRequestBytes;
    private final String modelName;

    /**
     * The API's limits.
     *
     * @param maxRequestBytes the largest request body
     * @param maxImageBytes the largest uploaded image
     * @param maxCaptionChars the longest feedback caption
     * @param maxRequestsPerSecond each client's sustained rate
     * @param resultTimeout how long a search waits for its result
     */
    public record Limits(
            long maxRequestBytes,
            long maxImageBytes,
            int maxCaptionChars,
            double maxRequestsPerSecond,
            Duration resultTimeout) {}

    public QueryApi(
            QueryGateway gateway,
            CatalogView catalogView,
            EncoderSets encoders,
            Limits limits,
            Clock clock,
            String modelName) {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(catalogView, "catalogView");
        Objects.requireNonNull(clock, "clock");
        this.catalog = new CatalogHandlers(catalogView);
        this.search = new SearchHandler(
                gateway, catalogView, new SearchRequests(limits.maxImageBytes()), clock, limits.resultTimeout());
        this.feedback = new FeedbackHandler(gateway, catalog, clock, limits.maxCaptionChars());
        this.encoders = Objects.requireNonNull(encoders, "encoders");
        this.rates = new ClientRateLimiter(limits.maxRequestsPerSecond(), System::nanoTime);
        this.maxRequestBytes = limits.maxRequestBytes();
        this.modelName = Objects.requireNonNull(modelName, "modelName");
    }

    /** Every route of the API. */
    public List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(HandlerType.POST, SEARCH, search::search),
                new ApiRoute(HandlerType.GET, PRODUCTS, catalog::browse),
                new ApiRoute(HandlerType.GET, PRODUCT, catalog::product),
                new ApiRoute(HandlerType.GET, PRODUCT_IMAGE, catalog::image),
                new ApiRoute(HandlerType.POST, FEEDBACK, feedback::feedback),
                new ApiRoute(HandlerType.GET, MODELS, this::models),
                new ApiRoute(HandlerType.GET, OPENAPI, this::openApi));
    }

    /** Adds the routes and the server's request-size limits to a service's HTTP server. */
    public ServiceHttp.Builder addTo(ServiceHttp.Builder http) {
        for (ApiRoute route : routes()) {
            http.route(route.method(), route.path(), guarded(route.handler()));
        }
        return http.settings(config -> {
            config.http.maxRequestSize = maxRequestBytes;
            config.jetty.multipartConfig.maxTotalRequestSize(maxRequestBytes, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxFileSize(maxRequestBytes, SizeUnit.BYTES);
        });
    }

    private Handler guarded(Handler handler) {
        return ctx -> {
            try {
                if (!rates.tryAcquire(ctx.ip())) {
                    ctx.header("Retry-After", Long.toString(rates.retryAfterSeconds()));
                    throw new ApiException(
                            429,
                            "RATE_LIMITED",
                            "too many requests from " + ctx.ip()
                                    + ": this client may make a few per second; retry later");
                }
                long length = ctx.contentLength();
                if (length > maxRequestBytes) {
                    throw new ApiException(
                            413,
                            "PAYLOAD_TOO_LARGE",
                            "the request body has " + length + " bytes; at most " + maxRequestBytes + " are accepted");
                }
                handler.handle(ctx);
            } catch (ApiException e) {
                if (e.status() == 413 || e.status() == 429) {
                    // UnreadBodies.discard(ctx);
                }
                ApiJson.respond(ctx, e.status(), ApiJson.error(null, e.code(), e.getMessage()));
            }
        };
    }

    private void models(Context ctx) {
        EncoderSet set = encoders.serving();
        String serving = set.combiners().current().map(ServingCombiner::version).orElse(null);
        ApiJson.respond(
                ctx,
                200,
                ApiJson.models(
                        modelName,
                        serving,
                        set.encoderVersion(),
                        encoders.versions(),
                        set.combiners().events()));
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = QueryApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            ctx.contentType(ApiJson.JSON_TYPE)
                    .result(Objects.requireNonNull(in, OPENAPI_RESOURCE).readAllBytes());
        }
    }
}
