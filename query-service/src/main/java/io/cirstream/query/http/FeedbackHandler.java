package io.cirstream.query.http;

import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.TripletSource;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/v1/feedback}: a shopper's choice (reference, caption, chosen target), both products in the
 * catalogue, becomes a {@link LabelledTriplet} with source {@code FEEDBACK} on {@code cir.triplets}, acknowledged by the
 * broker before the answer.
 */
final class FeedbackHandler {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final QueryGateway gateway;
    private final CatalogHandlers catalog;
    private final Clock clock;
    private final int maxCaptionChars;

    FeedbackHandler(QueryGateway gateway, CatalogHandlers catalog, Clock clock, int maxCaptionChars) {
        this.gateway = gateway;
        this.catalog = catalog;
        this.clock = clock;
        this.maxCaptionChars = maxCaptionChars;
    }

    void feedback(Context ctx) throws InterruptedException {
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
        catalog.existing(request.referenceId());
        catalog.existing(request.targetId());
        LabelledTriplet triplet = LabelledTriplet.newBuilder()
                .setTripletId(tripletId(request))
                .setReferenceId(request.referenceId())
                .setCaption(request.caption())
                .setTargetId(request.targetId())
                .setSource(TripletSource.FEEDBACK)
                .setEventTime(clock.instant())
                .build();
        try {
            gateway.publish(triplet, ACK_TIMEOUT);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "UNAVAILABLE", "the feedback could not be stored: " + e);
        }
        ApiJson.respond(
                ctx,
                202,
                SearchRequests.JSON
                        .createObjectNode()
                        .put("tripletId", triplet.getTripletId())
                        .put("source", TripletSource.FEEDBACK.name()));
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
}
