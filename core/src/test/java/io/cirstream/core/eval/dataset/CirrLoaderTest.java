package io.cirstream.core.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CirrLoaderTest {

    private static final String MEMBERS = "\"img_set\": {\"id\": 1, \"members\": [\"dev-0-0-img0\", \"dev-1-0-img0\"]}";

    @TempDir
    Path root;

    @Test
    void loadsTheValidationSplitAsReleased() {
        ReleasedLayouts.cirr(root);
        CirDataset val = new CirrLoader(root, MissingImagePolicy.FAIL).load("val");

        assertThat(val.name()).isEqualTo("cirr");
        assertThat(val.index())
                .containsExactly(
                        "dev-0-0-img0", "dev-1-0-img0", "dev-2-0-img0", "dev-3-0-img0", "dev-4-0-img0", "dev-5-0-img0");
        assertThat(val.imagePath("dev-3-0-img0"))
                .isEqualTo(root.toAbsolutePath().resolve("dev/dev-3-0-img0.png"));
        assertThat(val.triplets()).hasSize(2);
        CirTriplet second = val.triplets().get(1);
        assertThat(second.id()).isEqualTo("1002");
        assertThat(second.category()).isEmpty();
        assertThat(second.reference()).isEqualTo("dev-3-0-img0");
        assertThat(second.target()).isEqualTo("dev-5-0-img0");
        assertThat(second.captions().evaluation()).isEqualTo("Remove the people.");
        assertThat(second.captions().training()).containsExactly("Remove the people.");
        assertThat(second.subset()).hasSize(CirrLoader.SUBSET_SIZE).startsWith("dev-3-0-img0");
        assertThat(second.subsetCandidates())
                .containsExactly("dev-5-0-img0", "dev-0-0-img0", "dev-1-0-img0", "dev-2-0-img0", "dev-4-0-img0");
        assertThat(val.report()).isEqualTo(new LoadReport(6, 2, 0, List.of(), 0, 0));
    }

    @Test
    void test1HasNoTargetsAndTrainUsesNestedFolders() {
        ReleasedLayouts.cirr(root);
        CirrLoader loader = new CirrLoader(root, MissingImagePolicy.FAIL);
        CirDataset test = loader.load("test1");
        assertThat(test.triplets()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("4");
            assertThat(t.hasTarget()).isFalse();
        });
        CirDataset train = loader.load("train");
        assertThat(train.imagePath("train-10-0-img1"))
                .isEqualTo(root.toAbsolutePath().resolve("train/34/train-10-0-img1.png"));
        assertThat(train.triplets().get(0).subset()).hasSize(2);
    }

    @Test
    void acceptsClip4CirsDirectoryLayout() {
        ReleasedLayouts.cirr(root.resolve("cirr_dataset"));
        assertThat(new CirrLoader(root, MissingImagePolicy.FAIL).load("val").triplets())
                .hasSize(2);
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> new CirrLoader(root, MissingImagePolicy.FAIL))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("missing CIRR directory");
        ReleasedLayouts.cirr(root);
        Files.delete(root.resolve("cirr/captions/cap.rc2.val.json"));
        assertThatThrownBy(() -> new CirrLoader(root, MissingImagePolicy.FAIL).load("val"))
                .hasMessageContaining("missing CIRR caption file")
                .hasMessageContaining("cap.rc2.val.json");
    }

    @Test
    void missingImagesFailByDefaultAndAreSkippedAndCountedOnRequest() throws IOException {
        ReleasedLayouts.cirr(root);
        Files.delete(root.resolve("dev/dev-5-0-img0.png"));
        assertThatThrownBy(() -> new CirrLoader(root, MissingImagePolicy.FAIL).load("val"))
                .hasMessageContaining("1 image file(s) of CIRR val are missing")
                .hasMessageContaining("dev-5-0-img0.png");

        CirDataset val = new CirrLoader(root, MissingImagePolicy.SKIP).load("val");
        assertThat(val.index()).hasSize(5).doesNotContain("dev-5-0-img0");
        assertThat(val.triplets()).extracting(CirTriplet::id).containsExactly("1001");
        assertThat(val.report().missingImages()).isEqualTo(1);
        assertThat(val.report().skippedTriplets()).isEqualTo(1);
    }

    @Test
    void malformedCaptionEntriesAreAllReported() {
        ReleasedLayouts.cirr(root);
        ReleasedLayouts.write(
                root.resolve("cirr/captions/cap.rc2.val.json"),
                "["
                        + "{\"reference\": \"dev-0-0-img0\", \"target_hard\": \"dev-1-0-img0\", \"caption\": \"x\", "
                        + MEMBERS + "},"
                        + "{\"pairid\": \"7\", \"reference\": \"dev-0-0-img0\", \"target_hard\": \"dev-1-0-img0\","
                        + " \"caption\": \"x\", " + MEMBERS + "},"
                        + "{\"pairid\": 8, \"reference\": \"dev-0-0-img0\", \"caption\": \"x\", " + MEMBERS + "},"
                        + "{\"pairid\": 9, \"reference\": \"dev-0-0-img0\", \"target_hard\": \"dev-1-0-img0\","
                        + " \"caption\": \"x\"},"
                        + "{\"pairid\": 10, \"reference\": \"dev-9-0-img0\", \"target_hard\": \"dev-1-0-img0\","
                        + " \"caption\": \"x\", " + MEMBERS + "},"
                        + "{\"pairid\": 8, \"reference\": \"dev-0-0-img0\", \"target_hard\": \"dev-1-0-img0\","
                        + " \"caption\": 3, " + MEMBERS + "},"
                        + "{\"pairid\": 11, \"reference\": \"dev-0-0-img0\", \"target_hard\": \"dev-1-0-img0\","
                        + " \"caption\": \"x\", \"img_set\": {\"id\": 1, \"members\": \"dev-0-0-img0\"}}"
                        + "]");
        Path file = root.resolve("cirr/captions/cap.rc2.val.json");
        assertThatThrownBy(() -> new CirrLoader(root, MissingImagePolicy.FAIL).load("val"))
                .isInstanceOfSatisfying(DatasetException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                new DatasetProblem(file, "entry 0", "field 'pairid' is missing"),
                                new DatasetProblem(
                                        file, "entry 1", "field 'pairid' must be an integer, found string \"7\""),
                                new DatasetProblem(file, "entry 2 (pairid 8)", "field 'target_hard' is missing"),
                                new DatasetProblem(file, "entry 3 (pairid 9)", "field 'img_set' is missing"),
                                new DatasetProblem(
                                        file,
                                        "entry 4 (pairid 10)",
                                        "names images that the split file does not list: [dev-9-0-img0]"),
                                new DatasetProblem(file, "entry 5 (pairid 8)", "pairid 8 repeats entry 2"),
                                new DatasetProblem(
                                        file,
                                        "entry 6 (pairid 11) img_set",
                                        "field 'members' must be a list of strings, found string \"dev-0-0-img0\"")));
    }

    @Test
    void splitPathsMustStayInsideTheDatasetAndKeysMustNotRepeat() {
        ReleasedLayouts.cirr(root);
        Path file = root.resolve("cirr/image_splits/split.rc2.val.json");
        ReleasedLayouts.write(
                file,
                "{\"dev-0-0-img0\": \"../../etc/passwd\", \"dev-1-0-img0\": \"/etc/passwd\","
                        + " \"dev-2-0-img0\": 5, \"dev-3-0-img0\": \"./dev/dev-3-0-img0.png\"}");
        assertThatThrownBy(() -> new CirrLoader(root, MissingImagePolicy.SKIP).load("val"))
                .isInstanceOfSatisfying(DatasetException.class, e -> assertThat(e.problems())
                        .startsWith(
                                new DatasetProblem(
                                        file,
                                        "key 'dev-0-0-img0'",
                                        "path '../../etc/passwd' leads outside the dataset directory"),
                                new DatasetProblem(
                                        file,
                                        "key 'dev-1-0-img0'",
                                        "path '/etc/passwd' is absolute; CIRR paths are relative"),
                                new DatasetProblem(
                                        file, "key 'dev-2-0-img0'", "must map to a relative path, found number 5")));

        ReleasedLayouts.write(
                file,
                "{\"dev-0-0-img0\": \"./dev/dev-0-0-img0.png\",\n" + " \"dev-0-0-img0\": \"./dev/dev-1-0-img0.png\"}");
        assertThatThrownBy(() -> new CirrLoader(root, MissingImagePolicy.FAIL).load("val"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("Duplicate field 'dev-0-0-img0'");
    }

    @Test
    void datasetKindsLoadSplitsAndEvaluationUnits() {
        ReleasedLayouts.cirr(root.resolve("c"));
        ReleasedLayouts.fashionIq(root.resolve("f"));
        assertThat(DatasetKind.CIRR.evaluationUnits(root.resolve("c"), "val", MissingImagePolicy.FAIL))
                .singleElement()
                .extracting(CirDataset::name)
                .isEqualTo("cirr");
        assertThat(DatasetKind.FASHIONIQ.evaluationUnits(root.resolve("f"), "val", MissingImagePolicy.FAIL))
                .extracting(CirDataset::name)
                .containsExactly("fashioniq/dress", "fashioniq/shirt");
        assertThat(DatasetKind.FASHIONIQ
                        .load(root.resolve("f"), "val", MissingImagePolicy.FAIL)
                        .triplets())
                .hasSize(4);
        assertThatThrownBy(() -> DatasetKind.CIRR.load(root.resolve("c"), "test", MissingImagePolicy.FAIL))
                .hasMessageContaining("cirr has the splits [train, val, test1]; got 'test'");
        assertThat(DatasetKind.parse("Synthetic")).isEqualTo(DatasetKind.SYNTHETIC);
        assertThatThrownBy(() -> DatasetKind.parse("coco")).hasMessageContaining("got 'coco'");
    }
}
