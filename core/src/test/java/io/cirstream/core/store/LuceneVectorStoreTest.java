package io.cirstream.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vector-store contract on the embedded Lucene adapter, plus what is particular to it. */
class LuceneVectorStoreTest extends VectorStoreContract {

    @TempDir
    Path directory;

    @Override
    protected VectorStore openStore() {
        return LuceneVectorStore.open(LuceneStoreConfig.defaults(directory));
    }

    @Test
    void theActiveCollectionIsNamedByAPointerFileBesideOneDirectoryPerEncoderVersion() throws Exception {
        store.createCollection(V2, DIM);
        store.switchTo(V2);

        assertThat(Files.readString(directory.resolve("ACTIVE")).strip()).isEqualTo(V2);
        assertThat(directory.resolve("collections").resolve(V1)).isDirectory();
        assertThat(directory.resolve("collections").resolve(V2)).isDirectory();
        assertThat(directory.resolve("ACTIVE.tmp")).doesNotExist();
    }

    @Test
    void encoderVersionsThatAreNotSafeDirectoryNamesAreRefused() {
        assertThatThrownBy(() -> store.createCollection("../escape", DIM))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("../escape");
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();

        assertThatThrownBy(() -> store.count())
                .isInstanceOf(VectorStoreException.class)
                .hasMessageContaining("closed");
        store = null;
    }

    @Test
    void aPointerToAMissingCollectionIsReportedOnOpen() throws Exception {
        store.close();
        store = null;
        Files.writeString(directory.resolve("ACTIVE"), "gone\n");

        assertThatThrownBy(this::openStore)
                .isInstanceOf(VectorStoreException.class)
                .hasMessageContaining("gone");
    }

    @Test
    void aStoreOpenElsewhereIsRefusedWithWhatToDoInstead() {
        assertThatThrownBy(this::openStore)
                .isInstanceOf(VectorStoreException.class)
                .hasMessageContaining("is open in another process")
                .hasMessageContaining("cirstream.store.kind=milvus");
    }

    @Test
    void searchWithoutAnActiveCollectionIsRefused() {
        store.close();
        store = LuceneVectorStore.open(LuceneStoreConfig.defaults(directory.resolve("fresh")));

        assertThat(store.count()).isZero();
        assertThat(store.getFeatures(List.of("a"))).isEmpty();
        assertThatThrownBy(() -> store.search(new float[] {1, 0, 0, 0}, 1, ProductFilter.none()))
                .isInstanceOf(VectorStoreException.class)
                .hasMessageContaining("no active collection");
    }
}
