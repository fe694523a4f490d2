package io.cirstream.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFeatureCacheTest {

    @TempDir
    Path dir;

    private final List<List<String>> calls = new ArrayList<>();

    private float[][] encode(List<String> captions) {
        calls.add(List.copyOf(captions));
        float[][] out = new float[captions.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[] {captions.get(i).length(), captions.get(i).hashCode(), 1.5f};
        }
        return out;
    }

    @Test
    void eachCaptionIsEncodedOnceEvenAcrossRestarts() {
        try (TextFeatureCache cache = TextFeatureCache.open(dir, "enc-1", 3)) {
            float[][] first = cache.features(List.of("is red", "is blue", "is red"), this::encode);
            assertThat(first[0]).containsExactly(6, "is red".hashCode(), 1.5f);
            assertThat(first[2]).containsExactly(first[0]);
            assertThat(calls).containsExactly(List.of("is red", "is blue"));
        }
        try (TextFeatureCache cache = TextFeatureCache.open(dir, "enc-1", 3)) {
            float[][] again = cache.features(List.of("is blue", "is green"), this::encode);
            assertThat(again[0]).containsExactly(7, "is blue".hashCode(), 1.5f);
            assertThat(calls).containsExactly(List.of("is red", "is blue"), List.of("is green"));
            assertThat(cache.size()).isEqualTo(3);
            assertThat(cache.hits()).isEqualTo(1);
            assertThat(cache.misses()).isEqualTo(1);
        }
    }

    @Test
    void anotherEncoderVersionHasItsOwnCache() {
        try (TextFeatureCache cache = TextFeatureCache.open(dir, "enc-1", 3)) {
            cache.features(List.of("is red"), this::encode);
        }
        try (TextFeatureCache cache = TextFeatureCache.open(dir, "enc-2", 3)) {
            assertThat(cache.size()).isZero();
        }
    }

    @Test
    void aRecordTornByACrashIsCutOffAndEncodedAgain() throws IOException {
        Path file;
        try (TextFeatureCache cache = TextFeatureCache.open(dir, "enc-1", 3)) {
            cache.features(List.of("is red", "is blue"), this::encode);
            file = cache.file();
        }
        long size = Files.size(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        Files.write(file, new byte[0], StandardOpenOption.APPEND);
        try (TextFeatureCache cache = TextFeatureCache.open(dir, "enc-1", 3)) {
            assertThat(cache.size()).isEqualTo(1);
            cache.features(List.of("is red", "is blue"), this::encode);
            assertThat(calls).last().isEqualTo(List.of("is blue"));
        }
        assertThat(Files.size(file)).isEqualTo(size);
    }
}
