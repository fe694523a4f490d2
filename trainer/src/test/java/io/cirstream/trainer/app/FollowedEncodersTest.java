package io.cirstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.eval.cache.EncoderKey;
import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ModelRejectedException;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.RenamedBundle;
import io.cirstream.core.testkit.Repository;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.trainer.dataset.HeldOutSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch to an announced bundle's encoders: it waits for a publication in progress for the current encoders, and
 * after it no publication for the replaced ones happens; what serves for the new encoders is their bundle's Combiner. A
 * bundle the trainer cannot open for training is refused, and the trainer stays on its encoders until a good one comes.
 */
class FollowedEncodersTest {

    private static final Path BUNDLE = Repository.root().resolve("fixtures").resolve("tiny-bundle");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void aSwitchWaitsForAPublicationInProgressAndNoneHappensForTheReplacedEncoders() throws Exception {
        Path bundleB = RenamedBundle.copyWithEncoderVersion(BUNDLE, work.resolve("bundle-b"), "tiny-b");
        TorchRuntime.Resolved runtime =
                TorchRuntime.resolve(RuntimeConfig.defaults().withDevice("cpu"));
        try (DeadLetterPublisher letters = new DeadLetterPublisher(new MockProducer<>());
                FollowedEncoders encoders = followed(runtime, work.resolve("text"), letters)) {
            List<String> heard = new CopyOnWriteArrayList<>();
            encoders.attach(Optional.empty(), next -> heard.add(next.version()));
            TrainingEncoders forA = encoders.current();

            CountDownLatch publishing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread publisher = Thread.ofPlatform()
                    .start(() -> encoders.whileCurrent(forA, () -> {
                        publishing.countDown();
                        try {
                            return release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
            assertThat(publishing.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            Thread switcher = Thread.ofPlatform().start(() -> encoders.swapped(Optional.empty(), announced(bundleB)));
            Await.until(
                    "the switch waits for the publication", WAIT, () -> switcher.getState() == Thread.State.WAITING);
            assertThat(encoders.current()).isSameAs(forA);
            assertThat(heard).isEmpty();

            release.countDown();
            publisher.join(WAIT.toMillis());
            switcher.join(WAIT.toMillis());
            assertThat(encoders.current().version()).isEqualTo("tiny-b");
            assertThat(encoders.isCurrent(forA)).isFalse();
            assertThat(encoders.whileCurrent(forA, () -> "published late")).isEmpty();
            assertThat(encoders.whileCurrent(encoders.current(), () -> "published"))
                    .hasValue("published");
            assertThat(heard).containsExactly("tiny-b");
            assertThat(encoders.current().serving())
                    .map(ServingVersion::name)
                    .hasValue("bundle:" + ModelBundle.open(bundleB).combinerVersion());

            // the same bundle again changes nothing
            encoders.swapped(Optional.empty(), announced(bundleB));
            assertThat(heard).containsExactly("tiny-b");
            encoders.closeRetired();
        }
    }

    @Test
    void aBundleTheTrainerCannotOpenForTrainingIsRefusedAndTheTrainerStaysOnItsEncoders() throws Exception {
        // the line verified it and loaded its Combiner, but its caption feature cache cannot be opened: a file is in
        // the way of its directory
        Path broken = RenamedBundle.copyWithEncoderVersion(BUNDLE, work.resolve("bundle-broken"), "tiny-broken");
        Path bundleC = RenamedBundle.copyWithEncoderVersion(BUNDLE, work.resolve("bundle-c"), "tiny-c");
        TorchRuntime.Resolved runtime =
                TorchRuntime.resolve(RuntimeConfig.defaults().withDevice("cpu"));
        Path textCache = Files.createDirectories(work.resolve("text"));
        EncoderKey brokenKey = EncoderKey.of(
                ModelBundle.open(broken, true), runtime.fp16(), runtime.device().getDeviceType());
        Files.writeString(textCache.resolve(brokenKey.directoryName()), "not a directory");
        try (DeadLetterPublisher letters = new DeadLetterPublisher(new MockProducer<>());
                FollowedEncoders encoders = followed(runtime, textCache, letters)) {
            List<String> heard = new CopyOnWriteArrayList<>();
            encoders.attach(Optional.empty(), next -> heard.add(next.version()));
            TrainingEncoders before = encoders.current();

            encoders.swapped(Optional.empty(), announced(broken));
            assertThat(encoders.current()).isSameAs(before);
            assertThat(encoders.isCurrent(before)).isTrue();
            assertThat(heard).isEmpty();
            assertThat(encoders.refusals())
                    .singleElement()
                    .asString()
                    .startsWith("tiny-broken: cannot open the feature cache ");

            // a bundle the line itself refused (its archive or Combiner did not verify) is listed the same way
            encoders.rejected(announcement(ModelBundle.open(bundleC, true)), "sha256 mismatch");
            assertThat(encoders.refusals()).last().asString().isEqualTo("tiny-c: sha256 mismatch");
            assertThat(encoders.current()).isSameAs(before);

            // the next good bundle on the line is taken
            encoders.swapped(Optional.empty(), announced(bundleC));
            assertThat(encoders.current().version()).isEqualTo("tiny-c");
            assertThat(heard).containsExactly("tiny-c");
            encoders.closeRetired();
        }
    }

    /** The tiny bundle's encoders followed, each announced bundle opened with its caption cache under {@code textCache}. */
    private static FollowedEncoders followed(
            TorchRuntime.Resolved runtime, Path textCache, DeadLetterPublisher letters) {
        ModelRegistry combiners = new ModelRegistry(
                new MockConsumer<>(OffsetResetStrategy.EARLIEST),
                "combiner",
                version -> {
                    throw new ModelRejectedException("not used here");
                },
                letters,
                ModelRegistry.Listener.NONE,
                Duration.ofMillis(10));
        Function<ModelBundle, TrainingEncoders> opener =
                bundle -> TrainingEncoders.open(bundle, runtime, textCache, new HeldOutSplit(0.1), combiners);
        return new FollowedEncoders(opener.apply(ModelBundle.open(BUNDLE, true)), opener);
    }

    /** What the encoder line's registry hands over for a verified bundle: the announcement and the bundle directory. */
    private static ServingModel announced(Path bundleDir) {
        ModelBundle bundle = ModelBundle.open(bundleDir, true);
        return new ServingModel(announcement(bundle), CombinerWeights.load(bundle.combinerFile()), bundleDir);
    }

    /** The announcement of a bundle, read from its manifest. */
    private static ModelVersion announcement(ModelBundle bundle) {
        return ModelVersion.newBuilder()
                .setModelName("encoders")
                .setVersion(bundle.encoderVersion())
                .setParentVersion(null)
                .setUri(bundle.directory().toUri().toString())
                .setSha256("0".repeat(64))
                .setFeatureDim(bundle.combinerDims().featureDim())
                .setProjectionDim(bundle.combinerDims().projectionDim())
                .setHiddenDim(bundle.combinerDims().hiddenDim())
                .setEncoderVersion(bundle.encoderVersion())
                .setMetrics(Map.of())
                .setTrainingSetSize(0)
                .setCreatedAt(Instant.now())
                .build();
    }
}
