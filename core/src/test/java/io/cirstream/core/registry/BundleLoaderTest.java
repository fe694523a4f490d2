package io.cirstream.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.model.BundleArchive;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.ModelBundleException;
import io.cirstream.core.modelstore.DirectoryModelStore;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.testkit.Repository;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle through the model store: archived, stored, fetched, verified and unpacked; hostile archives refused. */
class BundleLoaderTest {
    private static final Path DEMO = Repository.root().resolve("fixtures/demo-bundle");
    private static final long LIMIT = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void aStoredBundleLoadsVerifiedWithItsCombinerAndTheSameArchiveComesOutOfTheSameBundle() {
        ModelBundle source = ModelBundle.open(DEMO, true);
        Path archive = dir.resolve("a.zip");
        String sha = BundleArchive.pack(DEMO, archive);
        assertThat(BundleArchive.pack(DEMO, dir.resolve("b.zip"))).isEqualTo(sha);
        ModelStore store = new DirectoryModelStore(dir.resolve("store"));
        URI uri = store.putFile("encoders", source.encoderVersion(), BundleLoader.ARCHIVE_FILE, archive, sha);

        ServingModel loaded = new BundleLoader(store, dir.resolve("cache"), LIMIT)
                .load(announcement(source.encoderVersion(), uri, sha, source.combinerDims()));

        ModelBundle bundle = ModelBundle.open(loaded.file(), true);
        assertThat(bundle.encoderVersion()).isEqualTo(source.encoderVersion());
        assertThat(loaded.weights().dims()).isEqualTo(source.combinerDims());
        assertThat(ModelBundle.sha256(bundle.imageEncoderFile()))
                .isEqualTo(ModelBundle.sha256(source.imageEncoderFile()));
        // a second load reuses the verified copy and its unpacked directory
        ServingModel again = new BundleLoader(store, dir.resolve("cache"), LIMIT)
                .load(announcement(source.encoderVersion(), uri, sha, source.combinerDims()));
        assertThat(again.file()).isEqualTo(loaded.file());
    }

    @Test
    void anAlteredArchiveAnotherEncoderVersionOrOtherDimensionsAreRefused() throws IOException {
        ModelBundle source = ModelBundle.open(DEMO, true);
        Path archive = dir.resolve("a.zip");
        String sha = BundleArchive.pack(DEMO, archive);
        ModelStore store = new DirectoryModelStore(dir.resolve("store"));
        URI uri = store.putFile("encoders", source.encoderVersion(), BundleLoader.ARCHIVE_FILE, archive, sha);
        BundleLoader loader = new BundleLoader(store, dir.resolve("cache"), LIMIT);

        assertThatThrownBy(() -> loader.load(announcement("other-version", uri, sha, source.combinerDims())))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("not the announced other-version");
        assertThatThrownBy(() ->
                        loader.load(announcement(source.encoderVersion(), uri, sha, CombinerDims.ofFeatureDim(64))))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("Combiner");
        Files.write(Path.of(uri), new byte[] {1, 2, 3});
        // a reader without a verified copy in its cache fetches the altered archive and refuses it
        BundleLoader fresh = new BundleLoader(store, dir.resolve("other-cache"), LIMIT);
        assertThatThrownBy(() -> fresh.load(announcement(source.encoderVersion(), uri, sha, source.combinerDims())))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("altered or replaced");
    }

    @Test
    void hostileArchivesAreRefusedBeforeAnythingIsWrittenOutsideTheTarget() throws IOException {
        Path slip = zip("slip.zip", "../escaped.pt", new byte[10]);
        assertThatThrownBy(() -> BundleArchive.unpack(slip, dir.resolve("x"), LIMIT))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("plain file names only");
        assertThat(dir.resolve("escaped.pt")).doesNotExist();

        Path big = zip("big.zip", "image_encoder.pt", new byte[4096]);
        assertThatThrownBy(() -> BundleArchive.unpack(big, dir.resolve("y"), 1000))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining("more than 1000 bytes");

        Path notABundle = zip("empty.zip", "readme.txt", new byte[3]);
        assertThatThrownBy(() -> BundleArchive.unpack(notABundle, dir.resolve("z"), LIMIT))
                .isInstanceOf(ModelBundleException.class);
    }

    private Path zip(String name, String entry, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return file;
    }

    private static ModelVersion announcement(String version, URI uri, String sha, CombinerDims dims) {
        return ModelVersion.newBuilder()
                .setModelName("encoders")
                .setVersion(version)
                .setParentVersion(null)
                .setUri(uri.toString())
                .setSha256(sha)
                .setFeatureDim(dims.featureDim())
                .setProjectionDim(dims.projectionDim())
                .setHiddenDim(dims.hiddenDim())
                .setEncoderVersion(version)
                .setMetrics(Map.of())
                .setTrainingSetSize(0)
                .setCreatedAt(Instant.parse("2026-12-04T00:00:00Z"))
                .build();
    }
}
