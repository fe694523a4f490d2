package io.cirstream.core.eval.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

    private static final EncoderKey KEY = new EncoderKey("encoder version test-1\ndevice cpu", 3);
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void featuresPersistAcrossOpensAndKindsAreApart() throws IOException {
        try (FeatureCache cache = FeatureCache.open(dir, KEY)) {
            cache.put(FeatureCache.Kind.IMAGE, SHA, new float[] {1f, -2.5f, 3e-7f});
            cache.put(FeatureCache.Kind.CAPTION, SHA, new float[] {4f, 5f, 6f});
            cache.put(FeatureCache.Kind.IMAGE, SHA, new float[] {9f, 9f, 9f}); // ignored: already held
            assertThat(cache.get(FeatureCache.Kind.IMAGE, SHA)).containsExactly(1f, -2.5f, 3e-7f);
        }
        try (FeatureCache cache = FeatureCache.open(dir, KEY)) {
            assertThat(cache.size()).isEqualTo(2);
            assertThat(cache.get(FeatureCache.Kind.IMAGE, SHA)).containsExactly(1f, -2.5f, 3e-7f);
            assertThat(cache.get(FeatureCache.Kind.CAPTION, SHA)).containsExactly(4f, 5f, 6f);
            assertThat(cache.get(FeatureCache.Kind.IMAGE, "cd".repeat(32))).isNull();
            assertThat(cache.hits()).isEqualTo(2);
            assertThat(cache.misses()).isEqualTo(1);
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndTheRestKept() throws IOException {
        Path records;
        try (FeatureCache cache = FeatureCache.open(dir, KEY)) {
            cache.put(FeatureCache.Kind.IMAGE, SHA, new float[] {1f, 2f, 3f});
            records = cache.directory().resolve("features.bin");
        }
        Files.write(records, new byte[] {0, 1, 2, 3, 4}, StandardOpenOption.APPEND);
        try (FeatureCache cache = FeatureCache.open(dir, KEY)) {
            assertThat(cache.size()).isEqualTo(1);
            cache.put(FeatureCache.Kind.CAPTION, SHA, new float[] {7f, 8f, 9f});
        }
        try (FeatureCache cache = FeatureCache.open(dir, KEY)) {
            assertThat(cache.get(FeatureCache.Kind.CAPTION, SHA)).containsExactly(7f, 8f, 9f);
            assertThat(cache.get(FeatureCache.Kind.IMAGE, SHA)).containsExactly(1f, 2f, 3f);
        }
    }

    @Test
    void anotherEncoderKeyGetsItsOwnDirectory() throws IOException {
        EncoderKey other = new EncoderKey("encoder version test-2\ndevice cpu", 3);
        assertThat(other.directoryName()).isNotEqualTo(KEY.directoryName()).hasSize(16);
        try (FeatureCache cache = FeatureCache.open(dir, KEY)) {
            cache.put(FeatureCache.Kind.IMAGE, SHA, new float[] {1f, 2f, 3f});
        }
        try (FeatureCache cache = FeatureCache.open(dir, other)) {
            assertThat(cache.get(FeatureCache.Kind.IMAGE, SHA)).isNull();
        }
        Files.writeString(dir.resolve(KEY.directoryName()).resolve("key.txt"), "something else\n");
        assertThatThrownBy(() -> FeatureCache.open(dir, KEY)).hasMessageContaining("belongs to another encoder key");
        assertThatThrownBy(() -> {
                    try (FeatureCache cache = FeatureCache.open(dir, other)) {
                        cache.put(FeatureCache.Kind.IMAGE, SHA, new float[] {1f});
                    }
                })
                .hasMessageContaining("1 values in a cache of dimension 3");
    }

    @Test
    void fileChecksumsAreRememberedUntilTheFileChanges() throws IOException {
        Path image = dir.resolve("a.jpg");
        Files.writeString(image, "first");
        String first;
        try (FeatureCache cache = FeatureCache.open(dir.resolve("cache"), KEY)) {
            first = cache.fileChecksum(image);
            assertThat(first).isEqualTo(FileChecksums.sha256(image));
        }
        FileTime time = Files.getLastModifiedTime(image);
        // same size and time: the remembered checksum is used without reading the file
        Files.writeString(image, "FIRST");
        Files.setLastModifiedTime(image, time);
        try (FeatureCache cache = FeatureCache.open(dir.resolve("cache"), KEY)) {
            assertThat(cache.fileChecksum(image)).isEqualTo(first);
            Files.writeString(image, "changed");
            assertThat(cache.fileChecksum(image))
                    .isEqualTo(FileChecksums.sha256(image))
                    .isNotEqualTo(first);
        }
        assertThat(FeatureCache.captionChecksum("is red"))
                .isEqualTo("395cfbefa1ce00392f4190fc1cc23174904e1f22141f1e141ce2c6a27583fa86");
    }
}
