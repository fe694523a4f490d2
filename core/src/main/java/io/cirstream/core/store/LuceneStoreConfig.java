package io.cirstream.core.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the embedded Lucene store.
 *
 * @param directory the root directory: one sub-directory per encoder version plus the active-collection pointer
 * @param hnswMaxConn HNSW graph degree (Lucene's {@code maxConn}, "M")
 * @param hnswBeamWidth HNSW candidates kept while building the graph ({@code beamWidth}, "efConstruction")
 * @param searchCandidates the least number of candidates a search collects before keeping the best {@code k}
 *     ("efSearch"); more raises recall and costs time
 */
public record LuceneStoreConfig(Path directory, int hnswMaxConn, int hnswBeamWidth, int searchCandidates) {

    /** The default graph degree. */
    public static final int DEFAULT_MAX_CONN = 16;

    /** The default build beam width. */
    public static final int DEFAULT_BEAM_WIDTH = 100;

    /**
     * The default search candidate count: on 20k random 64-d vectors, recall@50 is 0.977 with 100 candidates, 0.995
     * with 200 and 0.999 with 400 (LuceneRecallTest).
     */
    public static final int DEFAULT_SEARCH_CANDIDATES = 200;

    private static final int MAX_MAX_CONN = 512;
    private static final int MAX_BEAM_WIDTH = 3200;

    public LuceneStoreConfig {
        Objects.requireNonNull(directory, "directory");
        if (hnswMaxConn < 1 || hnswMaxConn > MAX_MAX_CONN) {
            throw new IllegalArgumentException("hnswMaxConn must be 1.." + MAX_MAX_CONN + ", got " + hnswMaxConn);
        }
        if (hnswBeamWidth < 1 || hnswBeamWidth > MAX_BEAM_WIDTH) {
            throw new IllegalArgumentException("hnswBeamWidth must be 1.." + MAX_BEAM_WIDTH + ", got " + hnswBeamWidth);
        }
        if (searchCandidates < 1 || searchCandidates > VectorStore.MAX_K) {
            throw new IllegalArgumentException(
                    "searchCandidates must be 1.." + VectorStore.MAX_K + ", got " + searchCandidates);
        }
    }

    /** The defaults, on this directory. */
    public static LuceneStoreConfig defaults(Path directory) {
        return new LuceneStoreConfig(directory, DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH, DEFAULT_SEARCH_CANDIDATES);
    }

    /** The same configuration with this search candidate count. */
    public LuceneStoreConfig withSearchCandidates(int candidates) {
        return new LuceneStoreConfig(directory, hnswMaxConn, hnswBeamWidth, candidates);
    }
}
