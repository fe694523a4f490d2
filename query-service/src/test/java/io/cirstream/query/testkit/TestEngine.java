package io.cirstream.query.testkit;

import io.cirstream.core.store.VectorStore;
import io.cirstream.query.model.CombinerVersions;
import io.cirstream.query.search.ComposeRequest;
import io.cirstream.query.search.EncoderSet;
import io.cirstream.query.search.EncoderSets;
import io.cirstream.query.search.MicroBatcher;
import io.cirstream.query.search.NegativeModifier;
import io.cirstream.query.search.QueryComposer;
import io.cirstream.query.search.QueryEngine;
import io.cirstream.query.search.QueryLimits;
import io.cirstream.query.search.QueryListener;
import io.cirstream.query.search.QueryValidator;
import io.cirstream.query.search.TextFeatureCache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The real query engine on the tiny bundle and a given store, with its batcher and cache, for tests. */
public final class TestEngine implements AutoCloseable {

    public static final QueryLimits LIMITS = new QueryLimits(50, 200, ModelParts.IMAGE_LIMITS.maxBytes());
    public static final double NEGATIVE_WEIGHT = 0.5;

    public final QueryEngine engine;
    public final TextFeatureCache cache = new TextFeatureCache(100);
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final MicroBatcher<ComposeRequest, float[]> batcher;

    public TestEngine(ModelParts parts, VectorStore store, CombinerVersions combiners) {
        batcher = new MicroBatcher<>(
                "test-compose",
                new QueryComposer(parts.texts, cache, new NegativeModifier(NEGATIVE_WEIGHT))::compose,
                8,
                Duration.ofMillis(1),
                batchSizes::add);
        EncoderSet set =
                new EncoderSet(parts.bundle.encoderVersion(), parts.texts, parts.images, combiners, batcher, cache);
        // only the tiny bundle's encoders here: the switch-over to announced ones is tested on the running service
        EncoderSets encoders = new EncoderSets(
                set,
                bundle -> {
                    throw new IllegalStateException("this test engine loads no other encoders");
                },
                store::activeCollection,
                2);
        engine = new QueryEngine(new QueryValidator(LIMITS), store, encoders, Clock.systemUTC(), QueryListener.NONE);
    }

    @Override
    public void close() {
        batcher.close();
    }
}
