package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.CirstreamException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream model retrain}: asks the running trainer service for a training run now ({@code POST /train}) and
 * follows it with a progress bar until it ends, then prints the gate's verdict.
 */
@Command(
        name = "retrain",
        mixinStandardHelpOptions = true,
        description = "Ask the trainer service to train now, follow the run with a progress bar, print the outcome.")
final class ModelRetrainCommand implements Callable<Integer> {

    /** Exit code when the trainer is busy with another run or not ready. */
    static final int EXIT_BUSY = 3;

    /** Exit code when the run failed or was interrupted. */
    static final int EXIT_RUN_FAILED = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int ACCEPTED = 202;

    @Option(
            names = "--trainer",
            defaultValue = "http://127.0.0.1:8083",
            description = "The trainer service's HTTP address (default: ${DEFAULT-VALUE}).")
    URI trainer;

    @Option(names = "--no-wait", description = "Return once the run started.")
    boolean noWait;

    @Spec
    CommandSpec spec;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        HttpResponse<String> response = send(HttpRequest.newBuilder(resolve("/train"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != ACCEPTED) {
            spec.commandLine()
                    .getErr()
                    .println("cirstream: the trainer did not start a run: "
                            + body.path("message").asText(response.body()));
            return EXIT_BUSY;
        }
        String runId = body.path("runId").asText();
        out.println("started " + runId);
        if (noWait) {
            return 0;
        }
        JsonNode last = follow(runId);
        out.println(runId + ": " + last.path("status").asText() + " ("
                + last.path("reason").asText() + ")");
        if (last.hasNonNull("publishedVersion")) {
            out.println("published " + last.path("publishedVersion").asText());
        }
        String status = last.path("status").asText();
        return status.equals("failed") || status.equals("interrupted") ? EXIT_RUN_FAILED : 0;
    }

    /** Polls the trainer until the run ended, with a bar over its batches; returns the last run's status. */
    private JsonNode follow(String runId) throws IOException, InterruptedException {
        ProgressBar bar = null;
        try {
            while (true) {
                JsonNode status = JSON.readTree(
                        send(HttpRequest.newBuilder(resolve("/train")).GET().build())
                                .body());
                JsonNode running = status.path("running");
                if (running.isObject() && runId.equals(running.path("runId").asText())) {
                    long batches = Math.max(1, running.path("batches").asLong());
                    long total = batches * Math.max(1, running.path("maxEpochs").asLong());
                    long done = batches * Math.max(0, running.path("epoch").asLong() - 1)
                            + running.path("batch").asLong();
                    if (bar == null && running.path("phase").asText().equals("training")) {
                        bar = StageProgress.bar("training " + runId, total);
                    }
                    if (bar != null) {
                        bar.maxHint(total);
                        bar.stepTo(Math.min(done, total));
                        bar.setExtraMessage("epoch " + running.path("epoch").asInt() + " "
                                + running.path("phase").asText());
                    }
                } else if (runId.equals(status.path("last").path("runId").asText())) {
                    return status.path("last");
                }
                Thread.sleep(POLL.toMillis());
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    private URI resolve(String path) {
        return URI.create(trainer.toString().replaceAll("/+$", "") + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CirstreamException("cannot reach the trainer at " + trainer + ": " + e, e);
        }
    }
}
