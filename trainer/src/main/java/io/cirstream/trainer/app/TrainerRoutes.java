package io.cirstream.trainer.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.trainer.training.TrainingCurve;
import io.cirstream.trainer.trigger.RequestOutcome;
import io.cirstream.trainer.trigger.Trigger;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The trainer's own HTTP routes, added to its {@link ServiceHttp}:
 *
 * <ul>
 *   <li>{@code POST /train}: start a run now; 202 with its id, 409 with the running run's id when one is in progress
 *       (one runs at a time), 503 while the trainer is not ready;
 *   <li>{@code GET /train}: the running run's progress (phase, epoch, batch, last loss and held-out metrics) and the
 *       last finished run's status;
 *   <li>{@code GET /runs/{runId}}: a run's report; {@code GET /runs/{runId}/training-curve.json|svg}: its curve.
 * </ul>
 */
public final class TrainerRoutes {

    static final int ACCEPTED = 202;
    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;
    static final int UNAVAILABLE = 503;
    private static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainingCoordinator coordinator;

    public TrainerRoutes(TrainingCoordinator coordinator) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    }

    /** Adds the routes to a server being built. */
    public ServiceHttp.Builder addTo(ServiceHttp.Builder http) {
        return http.route(HandlerType.POST, "/train", this::train)
                .route(HandlerType.GET, "/train", this::status)
                .route(HandlerType.GET, "/runs/{runId}", this::report)
                .route(
                        HandlerType.GET,
                        "/runs/{runId}/" + TrainingCurve.JSON_FILE,
                        ctx -> curve(ctx, TrainingCurve.JSON_FILE, JSON_TYPE))
                .route(
                        HandlerType.GET,
                        "/runs/{runId}/" + TrainingCurve.SVG_FILE,
                        ctx -> curve(ctx, TrainingCurve.SVG_FILE, "image/svg+xml"));
    }

    private void train(Context ctx) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        switch (coordinator.request(Trigger.ON_DEMAND)) {
            case RequestOutcome.Started started -> {
                body.put("status", "started").put("runId", started.runId());
                ctx.status(ACCEPTED);
            }
            case RequestOutcome.Busy busy -> {
                body.put("status", "busy")
                        .put("runId", busy.runningRunId())
                        .put(
                                "message",
                                "training run " + busy.runningRunId()
                                        + " is in progress; one runs at a time: ask again when it has ended");
                ctx.status(CONFLICT);
            }
            case RequestOutcome.NotReady notReady -> {
                body.put("status", "not-ready").put("message", notReady.reason());
                ctx.status(UNAVAILABLE);
            }
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsString(body));
    }

    private void status(Context ctx) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        Optional<RunProgress.Snapshot> running = coordinator.running();
        running.ifPresentOrElse(
                progress -> body.set("running", JSON.valueToTree(progress)), () -> body.putNull("running"));
        coordinator
                .last()
                .ifPresentOrElse(
                        last -> {
                            ObjectNode node = body.putObject("last");
                            node.put("runId", last.runId());
                            node.put("status", last.status().key());
                            node.put("reason", last.reason());
                            last.encoderVersion().ifPresent(version -> node.put("encoderVersion", version));
                            last.publishedVersion().ifPresent(version -> node.put("publishedVersion", version));
                        },
                        () -> body.putNull("last"));
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsString(body));
    }

    private void report(Context ctx) {
        Optional<RunReport> report = coordinator.report(ctx.pathParam("runId"));
        if (report.isEmpty()) {
            ctx.status(NOT_FOUND).contentType(JSON_TYPE).result("{\"status\":\"no such run\"}");
            return;
        }
        ctx.contentType(JSON_TYPE).result(report.get().json());
    }

    private void curve(Context ctx, String file, String contentType) throws IOException {
        String runId = ctx.pathParam("runId");
        if (coordinator.report(runId).isEmpty()) {
            ctx.status(NOT_FOUND).result("no such run");
            return;
        }
        Path path = coordinator.runDirectory(runId).resolve(file);
        if (!Files.isRegularFile(path)) {
            ctx.status(NOT_FOUND).result("run " + runId + " has no " + file);
            return;
        }
        ctx.contentType(contentType).result(Files.readAllBytes(path));
    }
}
