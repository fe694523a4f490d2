package io.cirstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.combiner.CombinerWeights;
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
 * after it no publication for the replaced ones happens; what serves for the new encoders is their bundle's Combiner.
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
        try (DeadLetterPublisher letters = new DeadLetterPublisher(new MockProducer<>())) {
            ModelRegistry combiners = new ModelRegistry(
                    new MockConsumer<>(OffsetResetStrategy.EARLIEST),
                    "combiner",
                    version -> {
                        throw new ModelRejectedException("not used here");
                    },
                    letters,
                    ModelRegistry.Listener.NONE,
                    Duration.ofMillis(10));
            Function<ModelBundle, TrainingEncoders> opener = bundle ->
                    TrainingEncoders.open(bundle, runtime, work.resolve("text"), new HeldOutSplit(0.1), combiners);
            try (FollowedEncoders encoders =
                    new FollowedEncoders(opener.apply(ModelBundle.open(BUNDLE, true)), opener)) {
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
                assertThat(publishing.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                        .isTrue();
                Thread switcher =
                        Thread.ofPlatform().start(() -> encoders.swapped(Optional.empty(), announced(bundleB)));
                Await.until(
                        "the switch waits for the publication",
                        WAIT,
                        () -> switcher.getState() == Thread.State.WAITING);
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
    }

    /** What the encoder line's registry hands over for a verified bundle: the announcement and the bundle directory. */
    private static ServingModel announced(Path bundleDir) {
        ModelBundle bundle = ModelBundle.open(bundleDir, true);
        ModelVersion version = ModelVersion.newBuilder()
                .setModelName("encoders")
                .setVersion(bundle.encoderVersion())
                .setParentVersion(null)
                .setUri(bundleDir.toUri().toString())
                .setSha256("0".repeat(64))
                .setFeatureDim(bundle.combinerDims().featureDim())
                .setProjectionDim(bundle.combinerDims().projectionDim())
                .setHiddenDim(bundle.combinerDims().hiddenDim())
                .setEncoderVersion(bundle.encoderVersion())
                .setMetrics(Map.of())
                .setTrainingSetSize(0)
                .setCreatedAt(Instant.now())
                .build();
        return new ServingModel(version, CombinerWeights.load(bundle.combinerFile()), bundleDir);
    }
}
