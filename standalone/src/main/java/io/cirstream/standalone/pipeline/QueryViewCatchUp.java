package io.cirstream.standalone.pipeline;

import io.cirstream.core.CirstreamException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits until the query service's catalogue view (its Kafka Streams store of {@code catalog.products}) holds the
 * whole catalogue, seen as the page sees it: {@code GET /api/v1/products} at the last product's offset answers one
 * product. The standalone is ready for visitors then.
 */
final class QueryViewCatchUp {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private QueryViewCatchUp() {}

    static void await(int port, long products, Duration limit) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        URI last = URI.create("http://127.0.0.1:" + port + "/api/v1/products?limit=1&offset=" + (products - 1));
        long deadline = System.nanoTime() + limit.toNanos();
        String seen = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(last).timeout(REQUEST_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                seen = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && response.body().contains("\"count\":1")) {
                    return;
                }
            } catch (IOException e) {
                seen = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CirstreamException("interrupted while waiting for the query service's catalogue", e);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CirstreamException("interrupted while waiting for the query service's catalogue", e);
            }
        }
        throw new CirstreamException("the query service's catalogue view did not hold the " + products
                + " products within " + limit + " (last answer: " + seen + ")");
    }
}
