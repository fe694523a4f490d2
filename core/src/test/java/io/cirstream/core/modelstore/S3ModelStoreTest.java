package io.cirstream.core.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.registry.ModelLoader;
import io.cirstream.core.registry.ModelRejectedException;
import io.cirstream.core.testkit.Repository;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model store on a real S3-protocol server (moto, signature checks on); skipped where moto is not installed. */
class S3ModelStoreTest extends ModelStoreContract {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static MotoS3Server server;

    @BeforeAll
    static void startServer() {
        Assumptions.assumeTrue(MotoS3Server.installed(), MotoS3Server::notInstalledMessage);
        server = MotoS3Server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    ModelStore store() {
        String bucket = "models-" + BUCKETS.incrementAndGet();
        S3Client client = server.client();
        client.createBucket(bucket);
        return new S3ModelStore(client, bucket, "cirstream/prod");
    }

    @Override
    URI foreignUri() {
        return URI.create("s3://someone-elses-bucket/cirstream/prod/combiner/v1/combiner.safetensors");
    }

    @Test
    void weightsAreAddressedByBucketAndPrefix() throws IOException {
        ModelStore store = store();
        Path weights = weightsFile(100, 11);
        URI uri = store.putWeights("combiner", "v1", weights, ModelBundle.sha256(weights));
        assertThat(uri.toString()).matches("s3://models-\\d+/cirstream/prod/combiner/v1/combiner.safetensors");
        assertThat(store.contains(URI.create(uri.toString().replace("/prod/", "/staging/"))))
                .isFalse();
    }

    @Test
    void aListingLongerThanOnePageIsFollowedToTheEnd() {
        S3Client client = server.client();
        client.createBucket("listing");
        List<String> keys =
                IntStream.range(0, 25).mapToObj(i -> "p/k%05d".formatted(i)).toList();
        keys.forEach(key -> client.putObject("listing", key, new byte[] {1}));
        client.putObject("listing", "q/outside", new byte[] {1});
        assertThat(client.listKeys("listing", "p/", 10)).containsExactlyElementsOf(keys);
        assertThat(client.listKeys("listing", "p/")).containsExactlyElementsOf(keys);
    }

    @Test
    void aWrongSecretKeyIsRefusedWithoutShowingTheKey() {
        S3Client wrong = new S3Client(
                server.endpoint(),
                MotoS3Server.REGION,
                true,
                new S3Credentials(server.credentials().accessKeyId(), "not-the-secret-at-all"),
                Duration.ofSeconds(10));
        assertThatThrownBy(() -> wrong.listKeys("listing", ""))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("SignatureDoesNotMatch")
                .hasMessageNotContaining("not-the-secret-at-all");
    }

    @Test
    void aReaderFetchesAnnouncedWeightsFromTheBucketAndVerifiesThem() throws IOException {
        ModelStore store = store();
        Path combiner = Repository.root().resolve("fixtures/tiny-bundle/combiner.safetensors");
        String sha256 = ModelBundle.sha256(combiner);
        URI uri = store.putWeights("combiner", "v1", combiner, sha256);
        ModelVersion announced = ModelVersion.newBuilder()
                .setModelName("combiner")
                .setVersion("v1")
                .setParentVersion(null)
                .setUri(uri.toString())
                .setSha256(sha256)
                .setFeatureDim(32)
                .setProjectionDim(128)
                .setHiddenDim(256)
                .setEncoderVersion("tiny")
                .setMetrics(java.util.Map.of())
                .setTrainingSetSize(1)
                .setCreatedAt(java.time.Instant.EPOCH)
                .build();
        ModelLoader loader = new ModelLoader(
                store,
                work.resolve("cache"),
                1 << 24,
                java.util.Optional.of(new CombinerDims(32, 128, 256)),
                java.util.Optional.of("tiny"));
        assertThat(loader.load(announced).weights().dims()).isEqualTo(new CombinerDims(32, 128, 256));

        ModelVersion lying =
                ModelVersion.newBuilder(announced).setSha256("0".repeat(64)).build();
        assertThatThrownBy(() -> new ModelLoader(
                                store,
                                work.resolve("cache2"),
                                1 << 24,
                                java.util.Optional.empty(),
                                java.util.Optional.empty())
                        .load(lying))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("altered or replaced");
    }

    @Test
    void aMissingObjectIsAbsentNotAnError() {
        ModelStore store = store();
        assertThat(store.record("combiner", "v404")).isEmpty();
    }
}
