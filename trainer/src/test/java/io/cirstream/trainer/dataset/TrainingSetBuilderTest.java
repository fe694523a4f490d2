package io.cirstream.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.trainer.log.Triplet;
import io.cirstream.trainer.training.HeldOutQuery;
import io.cirstream.trainer.training.TrainingExample;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSetBuilderTest {

    private static final String ENCODER = "enc-1";

    @TempDir
    Path dir;

    private final List<List<String>> encoded = new ArrayList<>();

    private Map<String, float[]> encode(List<String> captions) {
        encoded.add(List.copyOf(captions));
        Map<String, float[]> features = new java.util.HashMap<>();
        captions.forEach(caption -> features.put(caption, new float[] {caption.length(), 1, 0}));
        return features;
    }

    private static StoredProduct product(String id, float... feature) {
        return new StoredProduct(id, feature, "dress", 100, "EUR", true, Map.of(), "0".repeat(64), ENCODER, 1, 0);
    }

    private static Triplet triplet(String id, String reference, String caption, String target) {
        return new Triplet(id, reference, caption, target, TripletSource.CLICK, Instant.EPOCH);
    }

    @Test
    void rawStoreFeaturesAndCaptionFeaturesMakeTheExamplesAndGoneProductsAreDropped() {
        try (LuceneVectorStore store = LuceneVectorStore.open(LuceneStoreConfig.defaults(dir.resolve("store")))) {
            store.createCollection(ENCODER, 3);
            store.switchTo(ENCODER);
            List<StoredProduct> products = new ArrayList<>();
            IntStream.range(0, 40).forEach(i -> products.add(product("p" + i, i + 1, 2, 3)));
            store.upsert(products);
            List<Triplet> triplets = new ArrayList<>();
            for (int i = 0; i < 39; i++) {
                triplets.add(triplet("t" + i, "p" + i, i % 2 == 0 ? "is red" : "is longer", "p" + (i + 1)));
            }
            triplets.add(triplet("gone-target", "p1", "is red", "p999"));
            triplets.add(triplet("gone-reference", "p998", "is red", "p1"));

            HeldOutSplit split = new HeldOutSplit(0.25);
            TrainingSetBuilder builder = new TrainingSetBuilder(this::encode, split);
            TrainingData data = builder.build(triplets, CatalogueSnapshot.of(store));

            assertThat(data.triplets()).isEqualTo(41);
            assertThat(data.dropped()).isEqualTo(2);
            assertThat(data.droppedExamples()).containsExactly("gone-target", "gone-reference");
            assertThat(data.catalogueSize()).isEqualTo(40);
            assertThat(data.training().size() + data.heldOut().size()).isEqualTo(39);
            assertThat(data.heldOut().queries())
                    .allSatisfy(q -> assertThat(split.isHeldOut(q.id())).isTrue());
            assertThat(data.training())
                    .allSatisfy(e -> assertThat(split.isHeldOut(e.id())).isFalse());

            TrainingExample t0 = data.training().stream()
                    .filter(e -> e.id().equals("t0"))
                    .findFirst()
                    .orElseGet(() -> null);
            HeldOutQuery q0 = data.heldOut().queries().stream()
                    .filter(q -> q.id().equals("t0"))
                    .findFirst()
                    .orElse(null);
            if (t0 != null) {
                assertThat(t0.reference()).containsExactly(1, 2, 3);
                assertThat(t0.target()).containsExactly(2, 2, 3);
                assertThat(t0.captions()[0]).containsExactly(6, 1, 0);
            } else {
                assertThat(q0).isNotNull();
                assertThat(data.heldOut().catalogue().id(q0.targetIndex())).isEqualTo("p1");
                assertThat(data.heldOut().catalogue().id(q0.referenceIndex())).isEqualTo("p0");
                assertThat(q0.caption()).containsExactly(6, 1, 0);
            }
            assertThat(encoded).containsExactly(List.of("is red", "is longer"));
        }
    }
}
