package io.cirstream.core.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.model.ModelBundle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DirectoryModelStoreTest extends ModelStoreContract {

    private Path root() {
        return work.resolve("models");
    }

    @Override
    ModelStore store() {
        return new DirectoryModelStore(root());
    }

    @Override
    URI foreignUri() {
        return work.resolve("models-elsewhere").resolve("x.safetensors").toUri();
    }

    @Test
    void weightsLandUnderModelAndVersionWithNoPartialFileLeft() throws IOException {
        Path weights = weightsFile(1000, 7);
        URI uri = store().putWeights("combiner", "v1", weights, ModelBundle.sha256(weights));
        Path stored = root().resolve("combiner").resolve("v1").resolve(ModelStore.WEIGHTS_FILE);
        assertThat(Path.of(uri)).isEqualTo(stored);
        try (var files = Files.list(stored.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(ModelStore.WEIGHTS_FILE);
        }
    }

    @Test
    void aCopyThatDoesNotMatchTheGivenChecksumIsRefusedAndNotStored() throws IOException {
        Path weights = weightsFile(1000, 8);
        assertThatThrownBy(() -> store().putWeights("combiner", "v1", weights, "00".repeat(32)))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("not the expected");
        assertThat(root().resolve("combiner").resolve("v1").resolve(ModelStore.WEIGHTS_FILE))
                .doesNotExist();
    }

    @Test
    void aUriThatClimbsOutOfTheRootIsRefused() {
        URI sneaky = URI.create(root().toUri() + "combiner/../../secret.txt");
        assertThat(store().contains(sneaky)).isFalse();
    }
}
