package io.cirstream.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.TmpfsMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lucene store on a disk that fills up: a real tmpfs (skipped, saying why, where mounting is not permitted).
 * Lucene closes its writer for good when a write fails half-way through its files; the store must take writes again
 * once there is space, losing nothing it acknowledged.
 */
@Integration
class LuceneFullDiskTest {

    private static final int DIM = 8;
    private static final int MEGABYTES = 8;

    @TempDir
    Path temp;

    private TmpfsMount tmpfs;
    private LuceneVectorStore store;

    @BeforeEach
    void mount() throws Exception {
        TmpfsMount.Mounted mounted = TmpfsMount.mount(temp.resolve("disk"), MEGABYTES);
        Assumptions.assumeTrue(mounted.mount().isPresent(), mounted.whyNot());
        tmpfs = mounted.mount().get();
        store = LuceneVectorStore.open(
                LuceneStoreConfig.defaults(tmpfs.directory().resolve("store")));
        store.createCollection(VectorStoreContract.V1, DIM);
        store.switchTo(VectorStoreContract.V1);
    }

    @AfterEach
    void unmount() throws Exception {
        if (store != null) {
            store.close();
        }
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void writesFailWhileTheDiskIsFullAndSucceedOnceThereIsSpaceAgain() throws Exception {
        store.upsert(products(0, 50, 1_000));
        tmpfs.fill();

        assertThatThrownBy(() -> store.upsert(products(50, 100, 1_000)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessageContaining("cannot write to collection");
        assertThatThrownBy(() -> store.upsert(products(50, 100, 1_000)))
                .as("still full: the retry fails too, and says so")
                .isInstanceOf(VectorStoreException.class);
        assertThat(store.count()).as("what was acknowledged is still there").isEqualTo(50);

        tmpfs.free();
        assertThat(store.upsert(products(50, 100, 1_000))).isEqualTo(50);
        store.delete(List.of(new ProductDeletion("p0", new SourceVersion(2_000, 0))));

        assertThat(store.count()).isEqualTo(99);
        assertThat(store.getFeatures(List.of("p0", "p1", "p99"))).containsOnlyKeys("p1", "p99");
    }

    @Test
    void aStoreReopenedAfterTheDiskFilledHoldsWhatWasAcknowledged() throws Exception {
        store.upsert(products(0, 30, 1_000));
        tmpfs.fill();
        assertThatThrownBy(() -> store.upsert(products(30, 60, 1_000))).isInstanceOf(VectorStoreException.class);
        tmpfs.free();
        store.upsert(products(30, 60, 1_000));
        store.close();

        store = LuceneVectorStore.open(
                LuceneStoreConfig.defaults(tmpfs.directory().resolve("store")));

        assertThat(store.count()).isEqualTo(60);
    }

    private static List<StoredProduct> products(int from, int to, long eventTime) {
        Random random = new Random(from);
        List<StoredProduct> products = new ArrayList<>();
        for (int i = from; i < to; i++) {
            float[] feature = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                feature[d] = random.nextFloat() - 0.5f;
            }
            products.add(new ProductBuilder("p" + i, feature).at(eventTime, i).build());
        }
        return products;
    }
}
