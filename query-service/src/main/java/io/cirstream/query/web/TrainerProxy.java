package io.cirstream.query.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The page's way to the trainer service: {@code POST} asks for a run now and {@code GET} reads the running run's
 * progress and the last run ({@code /train} of the trainer, passed through with its status: 202 started, 409 busy,
 * 503 not ready); {@code GET} of the trainer's health gives the triplets in its training log. Without a configured
 * trainer, or when it cannot be reached, the answer is a 503 or 502 whose message says so.
 */
final class TrainerProxy {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String JSON_TYPE = "application/json";
    private static final int OK_STATUS = 200;
    private static final int UNAVAILABLE_STATUS = 503;

    private final Optional<URI> trainer;
    private final HttpClient client;

    TrainerProxy(Optional<URI> trainer) {
        this.trainer = trainer;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    void retrain(Context ctx) throws InterruptedException {
        forward(ctx, "POST", "/train");
    }

    void progress(Context ctx) throws InterruptedException {
        forward(ctx, "GET", "/train");
    }

    /** The trainer's health as the page shows it: 200 with the trainer's own body (UP or DOWN) when it answered. */
    void health(Context ctx) throws InterruptedException {
        forward(ctx, "GET", "/health");
        if (ctx.statusCode() == UNAVAILABLE_STATUS && trainer.isPresent()) {
            ctx.status(OK_STATUS);
        }
    }

    private void forward(Context ctx, String method, String path) throws InterruptedException {
        if (trainer.isEmpty()) {
            unavailable(
                    ctx,
                    503,
                    "no trainer is configured for this query service (" + WebDemoConfig.TRAINER_URL.name() + ")");
            return;
        }
        URI target = URI.create(trainer.get() + path);
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            ctx.status(response.statusCode()).contentType(JSON_TYPE).result(response.body());
        } catch (IOException e) {
            unavailable(ctx, 502, "the trainer at " + trainer.get() + " cannot be reached: " + e);
        }
    }

    private static void unavailable(Context ctx, int status, String message) {
        ctx.status(status)
                .contentType(JSON_TYPE)
                .result(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                        .objectNode()
                        .put("status", "unavailable")
                        .put("message", message)
                        .toString());
    }
}
