package io.cirstream.core.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionIqLoaderTest {

    @TempDir
    Path root;

    @Test
    void loadsOneCategoryOfASplitAsReleased() {
        ReleasedLayouts.fashionIq(root);
        CirDataset dress = new FashionIqLoader(root, MissingImagePolicy.FAIL).load("dress", "val");

        assertThat(dress.name()).isEqualTo("fashioniq/dress");
        assertThat(dress.split()).isEqualTo("val");
        assertThat(dress.index()).containsExactly("B001", "B002", "B003", "B004");
        assertThat(dress.imagePath("B002")).isEqualTo(root.resolve("images/B002.png"));
        assertThat(dress.imagePath("B001")).isEqualTo(root.resolve("images/B001.jpg"));
        assertThat(dress.triplets()).hasSize(3);
        CirTriplet first = dress.triplets().get(0);
        assertThat(first.id()).isEqualTo("dress.val.0");
        assertThat(first.category()).isEqualTo("dress");
        assertThat(first.reference()).isEqualTo("B001");
        assertThat(first.target()).isEqualTo("B002");
        assertThat(first.rawCaptions()).containsExactly("is red.", "Has LONG sleeves");
        assertThat(first.captions().evaluation()).isEqualTo("Is red and Has LONG sleeves");
        assertThat(first.captions().training())
                .containsExactly(
                        "Is red and Has LONG sleeves", "Has long sleeves and is red", "Is red", "Has long sleeves");
        assertThat(first.subset()).isEmpty();
    }

    @Test
    void aTargetOutsideTheIndexIsKeptAndCounted() {
        ReleasedLayouts.fashionIq(root);
        CirDataset dress = new FashionIqLoader(root, MissingImagePolicy.FAIL).load("dress", "val");

        assertThat(dress.triplets().get(2).target()).isEqualTo("B009");
        assertThat(dress.index()).doesNotContain("B009");
        assertThat(dress.imagePath("B009")).isEqualTo(root.resolve("images/B009.jpg"));
        assertThat(dress.report()).isEqualTo(new LoadReport(4, 3, 0, java.util.List.of(), 0, 1));
    }

    @Test
    void discoversCategoriesAndUnitesThemForTraining() {
        ReleasedLayouts.fashionIq(root);
        ReleasedLayouts.write(root.resolve("captions/cap.bag.val.json"), "[]");
        ReleasedLayouts.write(root.resolve("image_splits/split.bag.val.json"), "[]");
        FashionIqLoader loader = new FashionIqLoader(root, MissingImagePolicy.FAIL);

        assertThat(loader.categories("val")).containsExactly("dress", "shirt", "bag");
        assertThat(loader.categories("test")).containsExactly("dress");
        CirDataset all = loader.loadAll("val");
        assertThat(all.index()).containsExactly("B001", "B002", "B003", "B004", "S001", "S002");
        assertThat(all.triplets())
                .extracting(CirTriplet::id)
                .containsExactly("dress.val.0", "dress.val.1", "dress.val.2", "shirt.val.0");
        assertThat(all.categories()).containsExactly("dress", "shirt");
        assertThat(all.report().indexImages()).isEqualTo(6);
        assertThat(all.report().targetsOutsideIndex()).isEqualTo(1);
    }

    @Test
    void theTestSplitHasNoTargets() {
        ReleasedLayouts.fashionIq(root);
        CirDataset test = new FashionIqLoader(root, MissingImagePolicy.FAIL).load("dress", "test");

        assertThat(test.triplets()).singleElement().satisfies(t -> {
            assertThat(t.hasTarget()).isFalse();
            assertThat(t.reference()).isEqualTo("B001");
        });
        assertThat(test.hasTargets()).isFalse();
        assertThatThrownBy(() -> test.triplets().get(0).targetOrThrow()).hasMessageContaining("dress.test.0");
    }

    @Test
    void acceptsClip4CirsDirectoryLayout() {
        ReleasedLayouts.fashionIq(root.resolve("fashionIQ_dataset"));
        FashionIqLoader loader = new FashionIqLoader(root, MissingImagePolicy.FAIL);
        assertThat(loader.root()).isEqualTo(root.resolve("fashionIQ_dataset"));
        assertThat(loader.load("shirt", "val").triplets()).hasSize(1);
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> new FashionIqLoader(root, MissingImagePolicy.FAIL))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(root.resolve("captions").toString());
        ReleasedLayouts.fashionIq(root);
        FashionIqLoader loader = new FashionIqLoader(root, MissingImagePolicy.FAIL);
        assertThatThrownBy(() -> loader.load("toptee", "val"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("missing FashionIQ caption file")
                .hasMessageContaining("cap.toptee.val.json");
        Files.delete(root.resolve("image_splits/split.shirt.val.json"));
        assertThatThrownBy(() -> loader.load("shirt", "val"))
                .hasMessageContaining("missing FashionIQ image split file")
                .hasMessageContaining("split.shirt.val.json");
    }

    @Test
    void missingImagesFailByDefaultAndAreSkippedAndCountedOnRequest() throws IOException {
        ReleasedLayouts.fashionIq(root);
        Files.delete(root.resolve("images/B003.jpg"));
        Files.delete(root.resolve("images/B001.jpg"));

        assertThatThrownBy(() -> new FashionIqLoader(root, MissingImagePolicy.FAIL).load("dress", "val"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("2 image file(s) of FashionIQ dress/val are missing")
                .hasMessageContaining("B001.{jpg,png,jpeg,webp}")
                .hasMessageContaining("B003");

        CirDataset dress = new FashionIqLoader(root, MissingImagePolicy.SKIP).load("dress", "val");
        assertThat(dress.index()).containsExactly("B002", "B004");
        assertThat(dress.triplets()).extracting(CirTriplet::id).containsExactly("dress.val.2");
        assertThat(dress.report().missingImages()).isEqualTo(2);
        assertThat(dress.report().skippedTriplets()).isEqualTo(2);
        assertThat(dress.report().missingExamples()).hasSize(2);
        assertThat(dress.report().summary()).contains("2 missing images").contains("2 triplets skipped");
    }

    @Test
    void malformedEntriesAreAllReportedWithFileEntryAndReason() {
        ReleasedLayouts.fashionIq(root);
        ReleasedLayouts.write(
                root.resolve("captions/cap.dress.val.json"),
                """
                [{"target": "B002", "candidate": "B001", "captions": ["only one"]},
                 {"target": "B003", "candidate": 17, "captions": ["a", "b"]},
                 "not an object",
                 {"candidate": "B001", "captions": ["a", "b"]},
                 {"target": "B002", "candidate": "B001", "captions": ["a", 5]},
                 {"target": "", "candidate": "B001", "captions": ["a", "b"]},
                 {"target": "B002", "candidate": "B001", "captions": ["fine", "entry"]}]
                """);
        ReleasedLayouts.write(root.resolve("image_splits/split.dress.val.json"), "[\"B001\", \"B002\", \"B001\", 3]");
        Path captions = root.resolve("captions/cap.dress.val.json");
        Path split = root.resolve("image_splits/split.dress.val.json");

        assertThatThrownBy(() -> new FashionIqLoader(root, MissingImagePolicy.FAIL).load("dress", "val"))
                .isInstanceOfSatisfying(DatasetException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                new DatasetProblem(split, "entry 2", "image name 'B001' repeats entry 0"),
                                new DatasetProblem(split, "entry 3", "must be a non-empty image name, found number 3"),
                                new DatasetProblem(
                                        captions, "entry 0", "field 'captions' must hold exactly 2 strings, found 1"),
                                new DatasetProblem(
                                        captions, "entry 1", "field 'candidate' must be a string, found number 17"),
                                new DatasetProblem(
                                        captions,
                                        "entry 2",
                                        "must be an object {candidate, target, captions}, found string \"not an"
                                                + " object\""),
                                new DatasetProblem(captions, "entry 3", "field 'target' is missing"),
                                new DatasetProblem(
                                        captions, "entry 4", "'captions'[1] must be a string, found number 5"),
                                new DatasetProblem(captions, "entry 5", "field 'target' is an empty string")))
                .hasMessageStartingWith("8 malformed entries")
                .hasMessageContaining(captions + ": entry 3: field 'target' is missing");
    }

    @Test
    void invalidJsonIsReportedWithItsLineAndColumn() {
        ReleasedLayouts.fashionIq(root);
        ReleasedLayouts.write(
                root.resolve("captions/cap.shirt.val.json"), "[{\"target\": \"S002\",\n \"candidate\" \"S001\"}]");
        assertThatThrownBy(() -> new FashionIqLoader(root, MissingImagePolicy.FAIL).load("shirt", "val"))
                .isInstanceOfSatisfying(
                        DatasetException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.file()).isEqualTo(root.resolve("captions/cap.shirt.val.json"));
                            assertThat(p.entry()).isEqualTo("line 2, column 14");
                            assertThat(p.reason()).startsWith("not valid JSON");
                        }));
        ReleasedLayouts.write(root.resolve("captions/cap.shirt.val.json"), "{\"candidate\": \"S001\"}");
        assertThatThrownBy(() -> new FashionIqLoader(root, MissingImagePolicy.FAIL).load("shirt", "val"))
                .hasMessageContaining("whole file: must be a JSON list of triplets, found object");
        ReleasedLayouts.write(root.resolve("captions/cap.shirt.val.json"), "");
        assertThatThrownBy(() -> new FashionIqLoader(root, MissingImagePolicy.FAIL).load("shirt", "val"))
                .hasMessageContaining("the file is empty");
    }
}
