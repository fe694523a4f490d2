package io.cirstream.query.http;

import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.query.catalog.CatalogView;
import io.cirstream.query.model.CombinerVersions;
import io.cirstream.query.model.ServingCombiner;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.ImageUri;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.avro.QueryError;
import io.cirstream.schemas.avro.QueryErrorCode;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.avro.RankedHits;
import io.cirstream.schemas.avro.TripletSource;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of the query service, version 1. Searches go through the topology ({@link QueryGateway}); products come
 * from the catalogue view; feedback becomes a labelled triplet; models are what this instance loaded. Every route is
 * in {@link #routes()}, which the OpenAPI document at {@link #OPENAPI} describes (a test holds them equal). Each
 * request is checked against the per-client rate and the body-size limit first.
 */
public final class QueryApi {
    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);

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

    private static final String JSON_TYPE = "application/json";
    private static final int DEFAULT_PAGE = 50;
    private static final Duration FEEDBACK_ACK_TIMEOUT = Duration.ofSeconds(30);

    private final QueryGateway gateway;
    private final CatalogView catalog;
    private final CombinerVersions combiners;
    private final SearchRequests searches;
    private final ClientRateLimiter rates;
    private final Clock clock;
    private final Duration resultTimeout;
    private final long maxRequestBytes;
    private final int maxCaptionChars;
    private final String modelName;
    private final String encoderVersion;

    public QueryApi(
            QueryGateway gateway,
            CatalogView catalog,
            CombinerVersions combiners,
            Limits limits,
            Clock clock,
            String modelName,
            String encoderVersion) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.combiners = Objects.requireNonNull(combiners, "combiners");
        this.searches = new SearchRequests(limits.maxImageBytes());
        this.rates = new ClientRateLimiter(limits.maxRequestsPerSecond(), System::nanoTime);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resultTimeout = limits.resultTimeout();
        this.maxRequestBytes = limits.maxRequestBytes();
        this.maxCaptionChars = limits.maxCaptionChars();
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.encoderVersion = Objects.requireNonNull(encoderVersion, "encoderVersion");
    }

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

    /** Every route of the API. */
    public List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(HandlerType.POST, SEARCH, this::search),
                new ApiRoute(HandlerType.GET, PRODUCTS, this::browse),
                new ApiRoute(HandlerType.GET, PRODUCT, this::product),
                new ApiRoute(HandlerType.GET, PRODUCT_IMAGE, this::image),
                new ApiRoute(HandlerType.POST, FEEDBACK, this::feedback),
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
                respond(
                        ctx,
                        e.status(),
                        ApiJson.error(null, e.code(), e.getMessage()).toString());
            }
        };
    }

    private void search(Context ctx) throws InterruptedException {
        ComposedQuery query = searches.read(ctx, clock.instant());
        QueryResult result;
        try {
            result = gateway.submit(query).get(resultTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(
                    504,
                    QueryErrorCode.TIMEOUT.name(),
                    "no result for query " + query.getQueryId() + " within " + resultTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            LOG.error("query {} could not be sent", query.getQueryId(), e.getCause());
            throw new ApiException(
                    503,
                    "UNAVAILABLE",
                    "the query could not be sent: " + e.getCause().getMessage());
        }
        switch (result.getOutcome()) {
            case RankedHits ranked ->
                respond(ctx, 200, ApiJson.hits(result, ranked, catalog).toString());
            case QueryError error ->
                respond(
                        ctx,
                        status(error.getCode()),
                        ApiJson.error(result, error).toString());
            default -> throw new IllegalStateException("unknown outcome " + result.getOutcome());
        }
    }

    /** The HTTP status of an error result. */
    static int status(QueryErrorCode code) {
        return switch (code) {
            case INVALID_QUERY -> 400;
            case REFERENCE_NOT_FOUND -> 404;
            case IMAGE_UNREADABLE -> 422;
            case MODEL_UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
            case INTERNAL -> 500;
        };
    }

    private void browse(Context ctx) {
        int offset = intParam(ctx, "offset", 0);
        int limit = intParam(ctx, "limit", DEFAULT_PAGE);
        if (limit < 1 || limit > CatalogView.MAX_PAGE || offset < 0) {
            throw ApiException.badRequest("limit must be 1.." + CatalogView.MAX_PAGE + " and offset >= 0");
        }
        String category = nullToEmpty(ctx.queryParam("category"));
        String words = nullToEmpty(ctx.queryParam("q"));
        respond(
                ctx,
                200,
                ApiJson.products(catalog.browse(category, words, offset, limit), offset)
                        .toString());
    }

    private void product(Context ctx) {
        respond(ctx, 200, ApiJson.product(existing(ctx.pathParam("id"))).toString());
    }

    private void image(Context ctx) {
        ProductUpserted product = existing(ctx.pathParam("id"));
        switch (product.getImage()) {
            case ByteBuffer buffer -> {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                ctx.contentType(ProductImages.mediaType(bytes))
                        .header("Cache-Control", "max-age=300")
                        .result(bytes);
            }
            case ImageUri uri -> ctx.redirect(uri.getUri(), HttpStatus.FOUND);
            default -> throw new IllegalStateException("unknown image " + product.getImage());
        }
    }

    private void feedback(Context ctx) throws InterruptedException {
        FeedbackRequest request = SearchRequests.parse(ctx.body(), FeedbackRequest.class, "the feedback");
        if (request.referenceId() == null || request.targetId() == null || request.caption() == null) {
            throw ApiException.badRequest("referenceId, caption and targetId are required");
        }
        if (request.caption().isBlank() || request.caption().length() > maxCaptionChars) {
            throw ApiException.badRequest("caption must be 1.." + maxCaptionChars + " characters and not blank");
        }
        if (request.referenceId().equals(request.targetId())) {
            throw ApiException.badRequest("the target must be another product than the reference");
        }
        existing(request.referenceId());
        existing(request.targetId());
        LabelledTriplet triplet = LabelledTriplet.newBuilder()
                .setTripletId(tripletId(request))
                .setReferenceId(request.referenceId())
                .setCaption(request.caption())
                .setTargetId(request.targetId())
                .setSource(TripletSource.CLICK)
                .setEventTime(clock.instant())
                .build();
        try {
            gateway.publish(triplet, FEEDBACK_ACK_TIMEOUT);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "UNAVAILABLE", "the feedback could not be stored: " + e);
        }
        respond(
                ctx,
                202,
                SearchRequests.JSON
                        .createObjectNode()
                        .put("tripletId", triplet.getTripletId())
                        .put("source", TripletSource.CLICK.name())
                        .toString());
    }

    /** The same feedback (reference, caption, target) is one triplet, however often it is sent. */
    static String tripletId(FeedbackRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String joined = request.referenceId() + '\n' + request.caption() + '\n' + request.targetId();
            return "feedback-" + HexFormat.of().formatHex(sha.digest(joined.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void models(Context ctx) {
        String serving = combiners.current().map(ServingCombiner::version).orElse(null);
        respond(
                ctx,
                200,
                ApiJson.models(modelName, serving, encoderVersion, combiners.events())
                        .toString());
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = QueryApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            ctx.contentType(JSON_TYPE)
                    .result(Objects.requireNonNull(in, OPENAPI_RESOURCE).readAllBytes());
        }
    }

    private ProductUpserted existing(String productId) {
        return catalog.product(productId)
                .orElseThrow(() -> ApiException.notFound("product '" + productId + "' is not in the catalogue"));
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, got '" + value + "'");
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static void respond(Context ctx, int status, String json) {
        ctx.status(status).contentType(JSON_TYPE).result(json);
    }
}
