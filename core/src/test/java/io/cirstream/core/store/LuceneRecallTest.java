package io.cirstream.core.store;

import io.cirstream.core.testkit.Integration;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The Lucene adapter's HNSW recall (see {@link VectorStoreRecallContract}). */
@Integration
class LuceneRecallTest extends VectorStoreRecallContract {

    /**
     * Search candidates ("efSearch"): the store default suits 64-d; at 640-d random vectors need about 1000 for
     * 0.99 ({@code -Dcirstream.recall.candidates=1000}).
     */
    private static final int CANDIDATES =
            Integer.getInteger("cirstream.recall.candidates", LuceneStoreConfig.DEFAULT_SEARCH_CANDIDATES);

    @TempDir
    static Path directory;

    @Override
    protected VectorStore openStore() {
        return LuceneVectorStore.open(LuceneStoreConfig.defaults(directory).withSearchCandidates(CANDIDATES));
    }

    @Override
    protected int batchSize() {
        return 5_000;
    }

    @Override
    protected String label() {
        return "lucene";
    }
}
