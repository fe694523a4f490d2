package io.cirstream.query.app;

import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.model.CombinerVersions;
import io.cirstream.query.model.ServingCombiner;
import io.cirstream.query.search.ComposeRequest;
import io.cirstream.query.search.EncoderSet;
import io.cirstream.query.search.MicroBatcher;
import io.cirstream.query.search.NegativeModifier;
import io.cirstream.query.search.QueryComposer;
import io.cirstream.query.search.TextFeatureCache;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;

/**
 * Opens the {@link EncoderSet} of a bundle: its text and image encoders, its Combiner (served as {@code
 * bundle:<version>} until a Combiner version for these encoders is announced), a caption cache and a micro-batched
 * composer. An announced bundle is warmed up with one composition before it is offered to queries.
 */
final class EncoderSetFactory {
    private static final String WARM_UP_CAPTION = "warm-up";

    private final QueryConfig config;
    private final TorchRuntime.Resolved runtime;
    private final Clock clock;
    private final QueryMetrics metrics;

    EncoderSetFactory(QueryConfig config, TorchRuntime.Resolved runtime, Clock clock, QueryMetrics metrics) {
        this.config = config;
        this.runtime = runtime;
        this.clock = clock;
        this.metrics = metrics;
    }

    EncoderSet open(ModelBundle bundle, boolean warmUp) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            TextEmbedder texts = push(opened, TextEmbedder.open(bundle, runtime));
            ImageEmbedder images = push(opened, ImageEmbedder.open(bundle, runtime, config.imageLimits()));
            Optional<ServingCombiner> bundleCombiner = bundle.hasCombiner()
                    ? Optional.of(new ServingCombiner(
                            "bundle:" + bundle.combinerVersion(),
                            Combiner.create(CombinerWeights.load(bundle.combinerFile()), runtime.device()),
                            Optional.empty()))
                    : Optional.empty();
            CombinerVersions combiners = push(
                    opened,
                    new CombinerVersions(
                            bundleCombiner, runtime.device(), config.versionsKept(), clock, metrics::serving));
            TextFeatureCache cache = new TextFeatureCache(config.textCacheEntries());
            MicroBatcher<ComposeRequest, float[]> composer = push(
                    opened,
                    new MicroBatcher<>(
                            "query-compose-" + bundle.encoderVersion(),
                            new QueryComposer(texts, cache, new NegativeModifier(config.negativeWeight()))::compose,
                            config.batchMaxSize(),
                            config.batchLatencyBudget(),
                            metrics::batch));
            EncoderSet set = new EncoderSet(bundle.encoderVersion(), texts, images, combiners, composer, cache);
            if (warmUp) {
                warmUp(set, bundle.featureDim());
            }
            return set;
        } catch (RuntimeException e) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /** One composition through the whole set (text encoder, Combiner), so the first query does not pay for it. */
    private static void warmUp(EncoderSet set, int featureDim) {
        ServingCombiner combiner = set.combiners()
                .current()
                .orElseThrow(() -> new IllegalStateException(
                        "the bundle of encoders " + set.encoderVersion() + " has no Combiner to answer with"));
        float[] probe = new float[featureDim];
        Arrays.fill(probe, 1f / featureDim);
        set.composer().submit(new ComposeRequest(WARM_UP_CAPTION, Optional.empty(), probe, combiner));
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> opened, T resource) {
        opened.push(resource);
        return resource;
    }
}
