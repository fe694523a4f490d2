package io.cirstream.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextFeatureCacheTest {

    @Test
    void holdsAtMostItsCapacityEvictingTheLeastRecentlyUsedAndCountsHits() {
        TextFeatureCache cache = new TextFeatureCache(2);
        cache.put("a", new float[] {1});
        cache.put("b", new float[] {2});
        assertThat(cache.get("a")).get().isEqualTo(new float[] {1});
        cache.put("c", new float[] {3});

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b")).as("b was least recently used").isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("c")).isPresent();
        assertThat(cache.hits()).isEqualTo(3);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hitRate()).isEqualTo(0.75);
    }

    @Test
    void aReturnedFeatureIsACopy() {
        TextFeatureCache cache = new TextFeatureCache(1);
        float[] feature = {1, 2};
        cache.put("a", feature);
        feature[0] = 9;
        cache.get("a").orElseThrow()[1] = 9;
        assertThat(cache.get("a")).get().isEqualTo(new float[] {1, 2});
    }

    @Test
    void capacityZeroKeepsNothing() {
        TextFeatureCache cache = new TextFeatureCache(0);
        cache.put("a", new float[] {1});
        assertThat(cache.get("a")).isEmpty();
    }
}
