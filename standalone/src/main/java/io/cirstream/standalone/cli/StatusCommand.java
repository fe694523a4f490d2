package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream status}: each running service's {@code /health}, check by check: where a re-embedding stands (the
 * ingest service's {@code rebuild} check, its collections), which encoders and Combiner serve (the query service's
 * {@code encoders}, {@code models} and {@code store} checks), the trainer's state. Exit code 1 when a service is down
 * or does not answer.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Print each service's health, check by check (re-embedding progress, serving models).")
final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--url",
            split = ",",
            description = "Service base URLs (default: the ingest, query and trainer services on this machine's"
                    + " default ports: http://localhost:8081, :8082, :8083).")
    List<URI> urls = List.of(
            URI.create("http://localhost:8081"),
            URI.create("http://localhost:8082"),
            URI.create("http://localhost:8083"));

    @Option(
            names = "--timeout",
            defaultValue = "5s",
            description = "How long to wait for each (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Duration wait = Duration.parse("PT" + timeout.toUpperCase(java.util.Locale.ROOT));
        boolean healthy = true;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(wait).build()) {
            for (URI url : urls) {
                URI health = url.resolve("/health");
                try {
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(health).timeout(wait).build(), HttpResponse.BodyHandlers.ofString());
                    JsonNode body = JSON.readTree(response.body());
                    String status = body.path("status").asText("?");
                    healthy &= "UP".equals(status);
                    out.printf("%s (%s): %s%n", body.path("service").asText("?"), url, status);
                    for (Map.Entry<String, JsonNode> check : body.path("checks").properties()) {
                        out.printf(
                                "  %-10s %-4s %s%n",
                                check.getKey(),
                                check.getValue().path("status").asText(),
                                check.getValue().path("detail").asText());
                    }
                } catch (IOException e) {
                    healthy = false;
                    out.printf("%s: no answer (%s)%n", url, e.getMessage() == null ? e : e.getMessage());
                }
            }
        }
        out.flush();
        return healthy ? 0 : 1;
    }
}
