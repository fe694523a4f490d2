package io.cirstream.query.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.Integration;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.testkit.Http;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-client rate over real HTTP: a client past its burst gets 429 with Retry-After. */
@Integration
class RateLimitTest extends QueryServiceHarness {

    private static final int RATE = 2;

    @Override
    Map<String, String> serviceOverrides() {
        // a rate low enough that the requests below exceed it however slow the machine is: 2/s, bursts of 2
        return Map.of(QueryConfig.MAX_REQUESTS_PER_SECOND.name(), Integer.toString(RATE));
    }

    @Override
    VectorStore openStore(Path directory) {
        return LuceneVectorStore.open(LuceneStoreConfig.defaults(directory));
    }

    @Override
    Optional<VectorStore> sharedStore() {
        return Optional.of(store);
    }

    @Override
    Map<String, String> storeSettings() {
        return Map.of();
    }

    @Test
    void aClientPastItsRateGetsTooManyRequestsWithRetryAfter() {
        List<Http.Response> responses = new ArrayList<>();
        // the harness's readiness checks spent tokens too; ask until refused, at most twice the burst plus the refills
        // a slow machine could add while asking (the rate times the requests' duration stays below that bound here)
        for (int i = 0; i < 20 && responses.stream().noneMatch(r -> r.status() == 429); i++) {
            responses.add(http.get("/api/v1/models"));
        }
        Http.Response refused = responses.getLast();
        assertThat(refused.status()).as(refused.text()).isEqualTo(429);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
    }
}
