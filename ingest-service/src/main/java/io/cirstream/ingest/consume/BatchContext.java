package io.cirstream.ingest.consume;

import io.cirstream.core.store.VectorStore;
import io.cirstream.ingest.embed.DistinctImageEmbedder;
import io.cirstream.ingest.fetch.ImageFetcher;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.ingest.store.WriteTargets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a micro-batch needs to be planned, embedded and written.
 *
 * @param source what to call this stream in metrics and logs ({@code live} or {@code rebuild})
 * @param decoder turns records into changes
 * @param fetcher fetches images given by URI
 * @param embedder embeds images
 * @param store where products go
 * @param targets the collections written to, read at the start of each batch (a rebuild's switch changes them)
 * @param rejections where rejected records go
 * @param metrics counters and timers
 */
public record BatchContext(
        String source,
        CatalogRecordDecoder decoder,
        ImageFetcher fetcher,
        DistinctImageEmbedder embedder,
        VectorStore store,
        Supplier<WriteTargets> targets,
        RejectionSink rejections,
        IngestMetrics metrics) {

    public BatchContext {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(fetcher, "fetcher");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(rejections, "rejections");
        Objects.requireNonNull(metrics, "metrics");
    }
}
