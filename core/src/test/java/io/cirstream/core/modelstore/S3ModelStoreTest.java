package io.cirstream.core.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.config.Settings;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.registry.ModelLoader;
import io.cirstream.core.registry.ModelRejectedException;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The model store on a real S3-protocol server (moto, signature checks on); skipped where moto is not installed. */
@Integration
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
        return store(S3ModelStore.Tuning.DEFAULT);
    }

    private static S3ModelStore store(S3ModelStore.Tuning tuning) {
        String bucket = "models-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        return new S3ModelStore(
                server.client(), bucket, "cirstream/prod", server.endpoint().toString(), tuning);
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
        S3ModelStore store =
                store(new S3ModelStore.Tuning(10, S3ModelStore.Tuning.DEFAULT.multipartThreshold(), 5 << 20));
        List<String> versions =
                IntStream.range(0, 25).mapToObj(i -> "v%05d".formatted(i)).toList();
        versions.forEach(version -> store.putRecord("combiner", version, new byte[] {1}));
        store.putRecord("other", "v99999", new byte[] {1});
        assertThat(store.versions("combiner")).containsExactlyElementsOf(versions);
    }

    @Test
    void largeWeightsGoUpInPartsAndComeBackByteForByte() throws IOException {
        S3ModelStore store = store(new S3ModelStore.Tuning(1000, 8 << 20, 5 << 20));
        Path weights = weightsFile(12 << 20, 12);
        URI uri = store.putWeights("combiner", "v1", weights, ModelBundle.sha256(weights));

        String key = uri.getPath().substring(1);
        try (S3Client client = server.client()) {
            assertThat(client.headObject(b -> b.bucket(uri.getHost()).key(key)).eTag())
                    .as("a multipart object's ETag ends in -<parts>")
                    .endsWith("-3\"");
        }
        Path back = work.resolve("back.safetensors");
        store.fetch(uri, back, 13 << 20);
        assertThat(Files.mismatch(weights, back)).isEqualTo(-1);
    }

    @Test
    void aBucketNotThereYetIsUnavailableSoAReaderTriesAgainUntilItIs() throws IOException {
        String bucket = "models-" + BUCKETS.incrementAndGet();
        S3ModelStore store = new S3ModelStore(
                server.client(), bucket, "p", server.endpoint().toString(), S3ModelStore.Tuning.DEFAULT);
        URI uri = URI.create("s3://" + bucket + "/p/combiner/v1/combiner.safetensors");
        // a store started again before it has its objects back (a restore, a replayed recording) has no bucket yet
        assertThatThrownBy(() -> store.fetch(uri, work.resolve("early"), 1 << 20))
                .isInstanceOf(ModelStoreUnavailableException.class)
                .hasMessageContaining("does not exist in the model store (yet)");

        server.createBucket(bucket);
        Path weights = weightsFile(100, 13);
        assertThat(store.putWeights("combiner", "v1", weights, ModelBundle.sha256(weights)))
                .isEqualTo(uri);
        store.fetch(uri, work.resolve("later"), 1 << 20);
        assertThat(Files.mismatch(weights, work.resolve("later"))).isEqualTo(-1);
    }

    @Test
    void temporaryCredentialsWithASessionTokenAreUsed() throws IOException {
        S3Credentials temporary = server.sessionCredentials();
        assertThat(temporary.sessionToken()).isPresent();
        assertThat(temporary.toString()).doesNotContain(temporary.sessionToken().get());
        String bucket = "models-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        ModelStore store = S3ModelStore.open(server.access(temporary), bucket, "p");
        store.putRecord("combiner", "v1", new byte[] {7});
        assertThat(store.record("combiner", "v1"))
                .hasValueSatisfying(r -> assertThat(r).containsExactly(7));

        S3Credentials wrongToken =
                new S3Credentials(temporary.accessKeyId(), temporary.secretAccessKey(), Optional.of("not-the-token"));
        assertThatThrownBy(() -> S3ModelStore.open(server.access(wrongToken), bucket, "p")
                        .versions("combiner"))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("HTTP 400: InvalidToken")
                .hasMessageNotContaining("not-the-token");
    }

    @Test
    void withoutAConfiguredKeyTheDefaultCredentialsChainIsUsed() {
        String bucket = "models-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        ModelStoreConfig config = ModelStoreConfig.from(Settings.of(Map.of(
                ModelStoreConfig.LOCATION.name(),
                "s3://" + bucket + "/p",
                ModelStoreConfig.S3_ENDPOINT.name(),
                server.endpoint().toString(),
                ModelStoreConfig.S3_PATH_STYLE.name(),
                "true")));
        assertThat(config.s3().orElseThrow().credentials()).isEmpty();
        // the chain's second link after the environment: the aws.accessKeyId / aws.secretAccessKey system properties
        System.setProperty("aws.accessKeyId", server.credentials().accessKeyId());
        System.setProperty("aws.secretAccessKey", server.credentials().secretAccessKey());
        try {
            ModelStore store = config.open();
            store.putRecord("combiner", "v1", new byte[] {1});
            assertThat(store.versions("combiner")).containsExactly("v1");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void aWrongSecretKeyIsRefusedWithoutShowingTheKey() {
        ModelStore wrong = S3ModelStore.open(
                server.access(new S3Credentials(server.credentials().accessKeyId(), "not-the-secret-at-all")),
                "listing",
                "");
        assertThatThrownBy(() -> wrong.versions("combiner"))
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
