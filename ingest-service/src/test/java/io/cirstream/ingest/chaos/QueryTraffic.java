package io.cirstream.ingest.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends composed searches ({@code POST /api/v1/search}) and feedback ({@code POST /api/v1/feedback}) to the query
 * service over real HTTP, continuously, from {@value #CLIENTS} clients (each waits for its answer, then at least
 * {@link #PACE} before the next request), and records every exchange: its status and error code, whether a search had
 * hits and which Combiner version answered, or why no answer came (no connection, reset, timeout). Every fourth
 * request is feedback with a caption of its own, so each accepted one can be found on the triplet topic.
 */
final class QueryTraffic implements AutoCloseable {

    /** The service's own limit for a search's result ({@code cirstream.query.result-timeout}): 504 after it. */
    static final Duration RESULT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * How long a client waits for an answer before it counts the request unanswered: well over the service's result
     * timeout and its 30 s wait for the broker's acknowledgement of feedback, so only a service that does not answer
     * at all is counted.
     */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);

    /** How an unanswered request's outcome starts. */
    static final String NO_ANSWER = "no answer: ";

    static final int CLIENTS = 3;
    static final Duration PACE = Duration.ofMillis(150);
    private static final int FEEDBACK_EVERY = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request and what came of it. */
    record Exchange(
            boolean feedback,
            long sentNanos,
            long doneNanos,
            int status,
            String code,
            int hits,
            String modelVersion,
            String caption,
            String reference,
            String failure) {

        boolean answered() {
            return failure == null;
        }

        /** How it counts: {@code hits}, {@code no hits}, {@code 202}, {@code <status> <code>} or the failure. */
        String outcome() {
            if (!answered()) {
                return NO_ANSWER + failure;
            }
            if (status == 200 && !feedback) {
                return hits > 0 ? "hits" : "no hits";
            }
            return code == null ? Integer.toString(status) : status + " " + code;
        }
    }

    private final HttpClient http;
    private volatile URI base;
    private final List<String> products;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();

    /**
     * @param products products that are live at the end of the catalogue: references, feedback targets
     */
    QueryTraffic(List<String> products) {
        if (products.size() < 2) {
            throw new IllegalArgumentException("the traffic needs at least two live products");
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.products = List.copyOf(products);
    }

    /** Starts the clients, sending to the service on {@code port}. */
    void start(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().name("query-traffic-" + c).start(() -> drive(client)));
        }
    }

    private void drive(int client) {
        for (int i = 0; running.get(); i++) {
            long started = System.nanoTime();
            String reference = products.get((client * 7919 + i * 31) % products.size());
            if (i % FEEDBACK_EVERY == FEEDBACK_EVERY - 1) {
                String target = products.get((client * 7919 + i * 31 + 1) % products.size());
                String caption = "chaos feedback " + client + "-" + i;
                exchanges.add(send(
                        true,
                        "/api/v1/feedback",
                        "{\"referenceId\":\"" + reference + "\",\"caption\":\"" + caption + "\",\"targetId\":\""
                                + target + "\"}",
                        caption,
                        reference));
            } else {
                exchanges.add(send(
                        false,
                        "/api/v1/search",
                        "{\"productId\":\"" + reference + "\",\"caption\":\"is c" + (i % 5) + " and costs less\","
                                + "\"k\":5}",
                        null,
                        reference));
            }
            long rest = PACE.toNanos() - (System.nanoTime() - started);
            if (rest > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(rest));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Exchange send(boolean feedback, String path, String body, String caption, String reference) {
        long sent = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(CLIENT_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long done = System.nanoTime();
            JsonNode json = parse(response.body());
            String code = json.path("error").path("code").asText(null);
            int hits = json.path("hits").size();
            String version = json.path("modelVersion").asText(null);
            return new Exchange(
                    feedback, sent, done, response.statusCode(), code, hits, version, caption, reference, null);
        } catch (IOException e) {
            return new Exchange(
                    feedback,
                    sent,
                    System.nanoTime(),
                    0,
                    null,
                    0,
                    null,
                    caption,
                    reference,
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Exchange(feedback, sent, System.nanoTime(), 0, null, 0, null, caption, reference, "interrupted");
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** Every exchange so far, in the order they ended. */
    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** How many searches were answered with hits so far. */
    long searchesWithHits() {
        return exchanges.stream()
                .filter(e -> !e.feedback() && "hits".equals(e.outcome()))
                .count();
    }

    /** The first search answered with hits among those sent at or after {@code nanos}, if any. */
    Optional<Exchange> firstHitSentSince(long nanos) {
        return exchanges.stream()
                .filter(e -> !e.feedback() && e.sentNanos() >= nanos && "hits".equals(e.outcome()))
                .min(java.util.Comparator.comparingLong(Exchange::doneNanos));
    }

    /** Stops the clients once their requests in flight are answered (or have timed out). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(CLIENT_TIMEOUT.plusSeconds(30).toMillis());
        }
    }

    static Map<String, Long> outcomes(List<Exchange> exchanges, boolean feedback) {
        Map<String, Long> counts = new TreeMap<>();
        exchanges.stream().filter(e -> e.feedback() == feedback).forEach(e -> counts.merge(e.outcome(), 1L, Long::sum));
        return counts;
    }
}
