package io.cirstream.query.search;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.store.SearchHit;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.VectorStoreUnavailableException;
import io.cirstream.query.model.ServingCombiner;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.Hit;
import io.cirstream.schemas.avro.Lineage;
import io.cirstream.schemas.avro.QueryErrorCode;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.avro.QueryTimings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one composed query: validate it, take the reference's stored raw feature (or embed the uploaded image),
 * compose it with the caption through the micro-batched text encoder and Combiner, search the store with the typed
 * filter, leave out the reference unless asked for, and put the lineage on every hit. Every failure becomes an error
 * result; nothing thrown escapes. Thread-safe: the stream threads call it at once, which is what fills the batches.
 */
public final class QueryEngine {
    private static final Logger LOG = LoggerFactory.getLogger(QueryEngine.class);

    private final QueryValidator validator;
    private final VectorStore store;
    private final EncoderSets encoders;
    private final Clock clock;
    private final QueryListener listener;

    public QueryEngine(
            QueryValidator validator, VectorStore store, EncoderSets encoders, Clock clock, QueryListener listener) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.store = Objects.requireNonNull(store, "store");
        this.encoders = Objects.requireNonNull(encoders, "encoders");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The result of the query with record key {@code key}: hits, or an error that says why. */
    public QueryResult answer(String key, ComposedQuery query) {
        long started = System.nanoTime();
        Instant startedAt = clock.instant();
        long submitted =
                query.getSubmittedAt() == null ? -1 : query.getSubmittedAt().toEpochMilli();
        QueryResult result;
        try {
            result = answer(validator.validate(key, query), startedAt, started);
        } catch (QueryFailure e) {
            result = QueryResults.error(key, e.code(), e.getMessage(), submitted, clock.instant());
        } catch (VectorStoreUnavailableException e) {
            // The store did not answer: say "try again" (503), not that this service failed.
            LOG.warn("query {}: the catalogue index did not answer: {}", key, e.getMessage());
            result = QueryResults.error(
                    key,
                    QueryErrorCode.MODEL_UNAVAILABLE,
                    "the catalogue index is unavailable at the moment; try again",
                    submitted,
                    clock.instant());
        } catch (RuntimeException e) {
            LOG.error("query {} failed", key, e);
            result = QueryResults.error(
                    key,
                    QueryErrorCode.INTERNAL,
                    "the service failed to answer (" + e.getClass().getSimpleName() + "); it is logged",
                    submitted,
                    clock.instant());
        }
        listener.answered(result, System.nanoTime() - started);
        return result;
    }

    private QueryResult answer(ValidQuery query, Instant startedAt, long started) {
        String collection = activeCollection();
        EncoderSet set = encoderSet(collection);
        ServingCombiner combiner = combiner(set, query.pinnedVersion());
        float[] reference = referenceFeature(set, collection, query.reference());
        float[] vector = set.composer()
                .submit(new ComposeRequest(query.caption(), query.negativeCaption(), reference, combiner));
        long composed = System.nanoTime();
        List<SearchHit> found = search(query, vector, collection);
        long searched = System.nanoTime();
        Lineage lineage = new Lineage(set.encoderVersion(), combiner.version(), collection);
        List<Hit> hits = new ArrayList<>(found.size());
        for (SearchHit hit : found) {
            hits.add(new Hit(hit.productId(), hit.score(), lineage));
        }
        Instant completedAt = clock.instant();
        long queue = Math.max(0, startedAt.toEpochMilli() - query.submittedAtMillis());
        long total = Math.max(0, completedAt.toEpochMilli() - query.submittedAtMillis());
        QueryTimings timings =
                new QueryTimings(queue, (composed - started) / 1_000_000, (searched - composed) / 1_000_000, total);
        return QueryResults.hits(query.queryId(), hits, combiner.version(), timings, completedAt);
    }

    private String activeCollection() {
        return store.activeCollection()
                .orElseThrow(() -> new QueryFailure(
                        QueryErrorCode.MODEL_UNAVAILABLE, "the catalogue index has no active collection yet"));
    }

    /** The encoders of the collection's version: a query composed with other encoders would not match its features. */
    private EncoderSet encoderSet(String collection) {
        return encoders.find(collection)
                .orElseThrow(() -> new QueryFailure(
                        QueryErrorCode.MODEL_UNAVAILABLE,
                        "the catalogue index holds image features of encoder " + collection
                                + " but this instance's encoders are "
                                + String.join(
                                        ", ",
                                        encoders.versions().stream().sorted().toList())
                                + ": its queries would not match them, so none is answered against it"));
    }

    private static ServingCombiner combiner(EncoderSet set, Optional<String> pinned) {
        var combiners = set.combiners();
        if (pinned.isPresent()) {
            return combiners
                    .find(pinned.get())
                    .orElseThrow(() -> new QueryFailure(
                            QueryErrorCode.MODEL_UNAVAILABLE,
                            "model version '" + pinned.get() + "' is not loaded here (serving: "
                                    + combiners
                                            .current()
                                            .map(ServingCombiner::version)
                                            .orElse("none")
                                    + "); see GET /api/v1/models"));
        }
        return combiners
                .current()
                .orElseThrow(
                        () -> new QueryFailure(QueryErrorCode.MODEL_UNAVAILABLE, "no Combiner version is loaded yet"));
    }

    private float[] referenceFeature(EncoderSet set, String collection, QueryReference reference) {
        return switch (reference) {
            case QueryReference.Product product -> {
                float[] feature = store.getFeatures(collection, List.of(product.productId()))
                        .get(product.productId());
                if (feature == null) {
                    throw new QueryFailure(
                            QueryErrorCode.REFERENCE_NOT_FOUND,
                            "product '" + product.productId() + "' is not in the catalogue index");
                }
                yield feature;
            }
            case QueryReference.UploadedImage image -> {
                try {
                    yield set.images().embed(new ImageInput("uploaded reference image", image.bytes()));
                } catch (InvalidInputException e) {
                    throw new QueryFailure(QueryErrorCode.IMAGE_UNREADABLE, e.getMessage(), e);
                }
            }
        };
    }

    /**
     * The k best hits that pass the filter, without the excluded reference and, with a price range, only products in
     * its currency (the store's price filter compares minor units alone): the search widens, doubling, until k such
     * hits are found or the store has no more.
     */
    private List<SearchHit> search(ValidQuery query, float[] vector, String collection) {
        Optional<String> excluded = query.excludedProduct();
        int fetch = Math.min(VectorStore.MAX_K, query.k() + (excluded.isPresent() ? 1 : 0));
        while (true) {
            List<SearchHit> hits = store.search(collection, vector, fetch, query.filter());
            List<SearchHit> kept = new ArrayList<>(hits.size());
            Map<String, StoredProduct> products = query.currency().isPresent()
                    ? store.getProducts(
                            collection, hits.stream().map(SearchHit::productId).toList())
                    : Map.of();
            for (SearchHit hit : hits) {
                boolean isReference = excluded.isPresent() && excluded.get().equals(hit.productId());
                boolean otherCurrency = query.currency().isPresent()
                        && (!products.containsKey(hit.productId())
                                || !products.get(hit.productId())
                                        .currency()
                                        .equals(query.currency().get()));
                if (!isReference && !otherCurrency) {
                    kept.add(hit);
                }
            }
            if (kept.size() >= query.k() || hits.size() < fetch || fetch == VectorStore.MAX_K) {
                return kept.subList(0, Math.min(query.k(), kept.size()));
            }
            fetch = (int) Math.min(VectorStore.MAX_K, 2L * fetch);
        }
    }
}
