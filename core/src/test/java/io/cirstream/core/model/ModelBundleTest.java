package io.cirstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    @TempDir
    Path dir;

    @BeforeEach
    void writeFiles() throws IOException {
        Files.writeString(dir.resolve("image_encoder.pt"), "image");
        Files.writeString(dir.resolve("text_encoder.pt"), "text");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        Files.writeString(dir.resolve("combiner.safetensors"), "combiner");
    }

    private void writeManifest(String formatVersion, String imageFile, String imageSha, int contextLength)
            throws IOException {
        String manifest =
                """
                {"formatVersion": %s, "name": "test", "architecture": "tiny", "featureDim": 32,
                 "imageEncoder": {"file": "%s", "version": "enc-1"},
                 "textEncoder": {"file": "text_encoder.pt", "version": "enc-1", "tokenizer": "tokenizer.json",
                                 "contextLength": %d},
                 "preprocessing": {"inputSize": 64, "targetPadRatio": 1.25,
                                   "mean": [0.48145466, 0.4578275, 0.40821073],
                                   "std": [0.26862954, 0.26130258, 0.27577711], "interpolation": "bicubic"},
                 "combiner": {"file": "combiner.safetensors", "version": "comb-1", "projectionDim": 128,
                              "hiddenDim": 256},
                 "files": {"image_encoder.pt": "%s"}}
                """
                        .formatted(formatVersion, imageFile, contextLength, imageSha);
        Files.writeString(dir.resolve(ModelBundle.MANIFEST), manifest);
    }

    @Test
    void opensAValidBundleAndExposesItsParts() throws IOException {
        writeManifest("1", "image_encoder.pt", ModelBundle.sha256(dir.resolve("image_encoder.pt")), 77);

        ModelBundle bundle = ModelBundle.open(dir);

        assertThat(bundle.featureDim()).isEqualTo(32);
        assertThat(bundle.encoderVersion()).isEqualTo("enc-1");
        assertThat(bundle.combinerVersion()).isEqualTo("comb-1");
        assertThat(bundle.preprocessing().inputSize()).isEqualTo(64);
        assertThat(bundle.preprocessing().targetPadRatio()).isEqualTo(1.25);
        assertThat(bundle.preprocessing().mean()).containsExactly(0.48145466f, 0.4578275f, 0.40821073f);
        assertThat(bundle.imageEncoderFile()).isEqualTo(dir.resolve("image_encoder.pt"));
    }

    @Test
    void refusesAMissingDirectoryOrManifest() {
        assertThatThrownBy(() -> ModelBundle.open(dir.resolve("nope")))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> ModelBundle.open(dir))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("has no manifest.json");
    }

    @Test
    void refusesACorruptFile() throws IOException {
        writeManifest("1", "image_encoder.pt", "00".repeat(32), 77);

        assertThatThrownBy(() -> ModelBundle.open(dir))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("image_encoder.pt has sha256")
                .hasMessageContaining("corrupt or replaced");
        assertThat(ModelBundle.open(dir, false).featureDim()).isEqualTo(32);
    }

    @Test
    void refusesAnUnknownFormatVersion() throws IOException {
        writeManifest("2", "image_encoder.pt", "00", 77);

        assertThatThrownBy(() -> ModelBundle.open(dir, false))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("formatVersion 2 is not supported");
    }

    @Test
    void refusesAFileOutsideTheBundle() throws IOException {
        writeManifest("1", "../../etc/passwd", "00", 77);

        assertThatThrownBy(() -> ModelBundle.open(dir, false))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("points outside the bundle directory");
    }

    @Test
    void refusesAMissingEncoderFile() throws IOException {
        writeManifest("1", "missing.pt", "00", 77);

        assertThatThrownBy(() -> ModelBundle.open(dir, false))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("imageEncoder.file names")
                .hasMessageContaining("does not exist");
    }

    @Test
    void refusesAContextOtherThanClips() throws IOException {
        writeManifest("1", "image_encoder.pt", "00", 64);

        assertThatThrownBy(() -> ModelBundle.open(dir, false))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("contextLength must be 77, got 64");
    }

    @Test
    void refusesMalformedJson() throws IOException {
        Files.writeString(dir.resolve(ModelBundle.MANIFEST), "{\"formatVersion\": ");

        assertThatThrownBy(() -> ModelBundle.open(dir))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("is not valid");
    }
}
