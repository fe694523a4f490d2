package io.cirstream.demo.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.CirrLoader;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.FashionIqLoader;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.demo.catalog.CatalogEventFileReader;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductUpserted;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticGeneratorTest {

    private static final int PRODUCTS = 150;
    private static final long SEED = 42;

    @TempDir
    static Path dir;

    static Path out;
    static Map<String, JsonNode> truth;

    @BeforeAll
    static void generate() throws IOException {
        out = dir.resolve("a");
        new SyntheticGenerator(new SynthConfig(out, PRODUCTS, SEED, 2, 160, 2), ProgressListener.NONE).generate();
        truth = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve(SyntheticGenerator.TRUTH))) {
            JsonNode product = json.readTree(line);
            truth.put(product.get("id").asText(), product);
        }
    }

    @Test
    void theSameSeedGivesByteIdenticalOutputWhateverTheThreads() throws Exception {
        Path again = dir.resolve("b");
        new SyntheticGenerator(new SynthConfig(again, PRODUCTS, SEED, 2, 160, 1), ProgressListener.NONE).generate();
        Map<String, String> first = digests(out);
        assertThat(first).hasSizeGreaterThan(2 * PRODUCTS);
        assertThat(digests(again)).isEqualTo(first);

        Path other = dir.resolve("c");
        new SyntheticGenerator(new SynthConfig(other, PRODUCTS, SEED + 1, 2, 160, 2), ProgressListener.NONE).generate();
        assertThat(digests(other).get("products.jsonl")).isNotEqualTo(first.get("products.jsonl"));
    }

    @Test
    void theFashionIqLayoutLoadsAndEveryTripletIsAChangeWithinAFamily() {
        FashionIqLoader loader = new FashionIqLoader(DatasetKind.syntheticRoot(out), MissingImagePolicy.FAIL);
        assertThat(loader.categories("val")).containsExactly("dress", "shirt", "bag", "shoes", "trousers");
        CirDataset train = loader.loadAll("train");
        CirDataset val = DatasetKind.SYNTHETIC.load(out, "val", MissingImagePolicy.FAIL);
        assertThat(train.report().missingImages()).isZero();
        assertThat(train.triplets().size() + val.triplets().size()).isGreaterThan(PRODUCTS);
        for (CirDataset split : List.of(train, val)) {
            for (CirTriplet triplet : split.triplets()) {
                JsonNode reference = truth.get(triplet.reference());
                JsonNode target = truth.get(triplet.target());
                assertThat(reference.get("family")).isEqualTo(target.get("family"));
                assertThat(reference.get("split").asText()).isEqualTo(split.split());
                assertThat(reference.get("category").asText()).isEqualTo(triplet.category());
                assertThat(split.index()).contains(triplet.target());
                List<String> changed = changedAttributes(reference, target);
                assertThat(changed).isNotEmpty().hasSizeLessThanOrEqualTo(TripletDesign.MAX_CHANGES + 3);
                if (changed.contains("colour")) {
                    String colour = target.get("attributes").get("colour").asText();
                    assertThat(triplet.rawCaptions().get(0) + " "
                                    + triplet.rawCaptions().get(1)
                                    + triplet.captions().evaluation())
                            .as("captions of %s name the new colour", triplet.id())
                            .containsIgnoringCase(colour);
                }
            }
        }
    }

    @Test
    void theCirrLayoutHasSixMemberSetsHoldingReferenceAndTarget() {
        CirrLoader loader = new CirrLoader(out.resolve("cirr"), MissingImagePolicy.FAIL);
        CirDataset val = loader.load("val");
        CirDataset test = loader.load("test1");
        assertThat(val.triplets()).isNotEmpty();
        assertThat(test.hasTargets()).isFalse();
        for (CirTriplet triplet : val.triplets()) {
            assertThat(triplet.subset())
                    .hasSize(CirrLoader.SUBSET_SIZE)
                    .contains(triplet.reference(), triplet.target());
            assertThat(triplet.subset()).allMatch(member -> truth.get(member)
                    .get("family")
                    .equals(truth.get(triplet.reference()).get("family")));
        }
        assertThat(val.imagePath(val.index().get(0)))
                .startsWith(out.resolve("cirr/dev").toAbsolutePath());
        assertThat(loader.load("train").index()).hasSize((int) truth.values().stream()
                .filter(p -> p.get("split").asText().equals("train"))
                .count());
    }

    @Test
    void photosHaveVariedAspectRatiosIncludingOnesTargetpadPads() throws IOException {
        List<Double> ratios = new ArrayList<>();
        try (Stream<Path> images = Files.list(out.resolve("fashioniq/images"))) {
            for (Path image : images.toList()) {
                BufferedImage decoded = ImageIO.read(image.toFile());
                assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isEqualTo(160);
                ratios.add((double) decoded.getWidth() / decoded.getHeight());
            }
        }
        assertThat(ratios).hasSize(PRODUCTS);
        assertThat(ratios).anyMatch(r -> r >= 1.25).anyMatch(r -> r <= 1 / 1.25).anyMatch(r -> r > 0.85 && r < 1.15);
    }

    @Test
    void theCatalogueEventFileHoldsEveryProductWithItsImage() throws Exception {
        Map<String, ProductUpserted> events = new TreeMap<>();
        try (CatalogEventFileReader reader =
                CatalogEventFileReader.open(out.resolve(SyntheticGenerator.CATALOG_EVENTS))) {
            for (CatalogEvent event = reader.next(); event != null; event = reader.next()) {
                ProductUpserted upserted = (ProductUpserted) event.getEvent();
                events.put(upserted.getProductId(), upserted);
            }
        }
        assertThat(events.keySet()).isEqualTo(truth.keySet());
        ProductUpserted first = events.get("syn-000000");
        byte[] image = Files.readAllBytes(out.resolve("fashioniq/images/syn-000000.jpg"));
        assertThat(((ByteBuffer) first.getImage()).array()).isEqualTo(image);
        assertThat(first.getImageSha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(image)));
        assertThat(first.getCategory())
                .isEqualTo(truth.get("syn-000000").get("category").asText());
        assertThat(first.getAttributes())
                .containsEntry(
                        "colour",
                        truth.get("syn-000000").get("attributes").get("colour").asText());
        assertThat(first.getTitle()).containsIgnoringCase(first.getAttributes().get("colour"));
        assertThat(first.getCurrency()).isEqualTo("EUR");
        assertThat(first.getEventTime()).isEqualTo(CatalogueWriter.FIRST_EVENT);
    }

    @Test
    void refusesBadConfigurationsAndANonEmptyOutput() {
        assertThatThrownBy(() -> SynthConfig.of(dir.resolve("x"), 99, 1)).hasMessageContaining("got 99");
        assertThatThrownBy(() -> SynthConfig.of(dir.resolve("x"), 100_001, 1)).hasMessageContaining("100000");
        assertThatThrownBy(() -> new SynthConfig(dir.resolve("x"), 100, 1, 6, 160, 1))
                .hasMessageContaining("triplets per product must be 1 to 5, got 6");
        assertThatThrownBy(() -> new SyntheticGenerator(SynthConfig.of(out, 100, 1), ProgressListener.NONE).generate())
                .hasMessageContaining("is not empty");
    }

    private static List<String> changedAttributes(JsonNode reference, JsonNode target) {
        List<String> changed = new ArrayList<>();
        reference.get("attributes").properties().forEach(e -> {
            if (!e.getValue().equals(target.get("attributes").get(e.getKey()))) {
                changed.add(e.getKey());
            }
        });
        return changed;
    }

    private static Map<String, String> digests(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                out.put(root.relativize(file).toString(), HexFormat.of().formatHex(digest));
            }
        }
        return out;
    }
}
