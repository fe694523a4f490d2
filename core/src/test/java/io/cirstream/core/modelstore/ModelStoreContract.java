package io.cirstream.core.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.model.ModelBundle;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every model store does; each adapter's test runs it. */
abstract class ModelStoreContract {

    @TempDir
    Path work;

    /** A fresh, empty store. */
    abstract ModelStore store();

    /** A URI outside the store that it must refuse to read. */
    abstract URI foreignUri();

    Path weightsFile(int bytes, long seed) throws IOException {
        byte[] contents = new byte[bytes];
        new Random(seed).nextBytes(contents);
        Path file = work.resolve("weights-" + seed + ".safetensors");
        Files.write(file, contents);
        return file;
    }

    @Test
    void storedWeightsComeBackByTheirUriByteForByte() throws IOException {
        ModelStore store = store();
        Path weights = weightsFile(300_000, 1);
        String sha256 = ModelBundle.sha256(weights);
        URI uri = store.putWeights("combiner", "v1", weights, sha256);
        assertThat(store.contains(uri)).isTrue();

        Path fetched = work.resolve("fetched");
        store.fetch(uri, fetched, 1 << 20);
        assertThat(ModelBundle.sha256(fetched)).isEqualTo(sha256);
    }

    @Test
    void onlyVersionsWithARecordAreListed() throws IOException {
        ModelStore store = store();
        Path weights = weightsFile(1000, 2);
        String sha256 = ModelBundle.sha256(weights);
        store.putWeights("combiner", "v2", weights, sha256);
        store.putRecord("combiner", "v2", "{\"version\":\"v2\"}".getBytes(StandardCharsets.UTF_8));
        store.putWeights("combiner", "v1", weights, sha256);
        store.putRecord("combiner", "v1", "{\"version\":\"v1\"}".getBytes(StandardCharsets.UTF_8));
        store.putWeights("combiner", "v3-unfinished", weights, sha256);
        store.putWeights("other", "v9", weights, sha256);
        store.putRecord("other", "v9", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(store.versions("combiner")).containsExactly("v1", "v2");
        assertThat(store.record("combiner", "v2"))
                .hasValueSatisfying(record ->
                        assertThat(new String(record, StandardCharsets.UTF_8)).isEqualTo("{\"version\":\"v2\"}"));
        assertThat(store.record("combiner", "v3-unfinished")).isEmpty();
        assertThat(store.versions("nothing-here")).isEmpty();
    }

    @Test
    void aUriOutsideTheStoreIsRefused() {
        ModelStore store = store();
        assertThat(store.contains(foreignUri())).isFalse();
        assertThatThrownBy(() -> store.fetch(foreignUri(), work.resolve("x"), 1 << 20))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("refusing to read it");
    }

    @Test
    void refusalsAreFinalButAMissingFileIsUnavailableSoAReaderTriesAgain() throws IOException {
        ModelStore store = store();
        assertThatThrownBy(() -> store.fetch(foreignUri(), work.resolve("x"), 1 << 20))
                .isNotInstanceOf(ModelStoreUnavailableException.class);
        Path weights = weightsFile(100, 5);
        URI uri = store.putWeights("combiner", "v1", weights, ModelBundle.sha256(weights));
        assertThatThrownBy(() -> store.fetch(uri, work.resolve("small"), 99))
                .isNotInstanceOf(ModelStoreUnavailableException.class);
        URI missing = URI.create(uri.toString().replace("/v1/", "/v9/"));
        assertThat(store.contains(missing)).isTrue();
        assertThatThrownBy(() -> store.fetch(missing, work.resolve("missing"), 1 << 20))
                .isInstanceOf(ModelStoreUnavailableException.class);
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() throws IOException {
        ModelStore store = store();
        Path weights = weightsFile(5000, 3);
        URI uri = store.putWeights("combiner", "v1", weights, ModelBundle.sha256(weights));
        assertThatThrownBy(() -> store.fetch(uri, work.resolve("too-big"), 4999))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("4999");
    }

    @Test
    void namesThatCouldEscapeTheStoreAreRefused() throws IOException {
        ModelStore store = store();
        Path weights = weightsFile(10, 4);
        assertThatThrownBy(() -> store.putWeights("combiner", "../../etc", weights, ModelBundle.sha256(weights)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../../etc' is not valid");
        assertThatThrownBy(() -> store.versions("a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
