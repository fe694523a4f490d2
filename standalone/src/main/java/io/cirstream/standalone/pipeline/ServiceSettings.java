package io.cirstream.standalone.pipeline;

import io.cirstream.core.config.Settings;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.trainer.config.TrainerConfig;
import io.cirstream.trainer.training.CombinerTrainingConfig;
import io.cirstream.trainer.trigger.TriggerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings both services are configured from ({@link IngestConfig#from}, {@link TrainerConfig#from}): the user's
 * (system properties and environment: the training recipe, the gate, batch sizes ...) with the pipeline's own keys
 * over them: the embedded broker, the directories of {@link PipelineLayout}, free HTTP ports, the epoch limit and batch size of
 * the command line, and no automatic training triggers (the pipeline asks for its run).
 */
final class ServiceSettings {

    /** The libtorch device key of every model part. */
    static final String DEVICE = RuntimeConfig.DEVICE_KEY.name();

    private ServiceSettings() {}

    static Settings of(PipelineConfig config, PipelineLayout layout, String bootstrapServers) {
        return of(
                config.services(),
                config.bundle(),
                config.device(),
                config.maxEpochs(),
                config.trainBatchSize(),
                layout,
                bootstrapServers);
    }

    /** The same for any caller: the user's settings, the bundle, device and training limits, the layout's paths. */
    static Settings of(
            Settings user,
            Path bundle,
            String device,
            int maxEpochs,
            int trainBatchSize,
            PipelineLayout layout,
            String bootstrapServers) {
        Map<String, String> fixed = new HashMap<>();
        fixed.put(IngestConfig.BOOTSTRAP_SERVERS.name(), bootstrapServers);
        fixed.put(IngestConfig.BUNDLE.name(), bundle.toAbsolutePath().toString());
        fixed.put(DEVICE, device);
        fixed.put(VectorStoreConfig.KIND.name(), "lucene");
        fixed.put(VectorStoreConfig.LUCENE_DIRECTORY.name(), layout.index().toString());
        fixed.put(IngestConfig.HTTP_PORT.name(), "0");
        fixed.put(IngestConfig.DATA_DIRECTORY.name(), layout.ingest().toString());
        fixed.put(ModelStoreConfig.LOCATION.name(), layout.models().toString());
        fixed.put(TrainerConfig.DATA_DIRECTORY.name(), layout.trainer().toString());
        fixed.put(TrainerConfig.HTTP_PORT.name(), "0");
        fixed.put(TriggerConfig.EVERY_TRIPLETS_KEY.name(), "0");
        fixed.put(TriggerConfig.INTERVAL_KEY.name(), "0s");
        fixed.put(CombinerTrainingConfig.MAX_EPOCHS_KEY.name(), Integer.toString(maxEpochs));
        fixed.put(CombinerTrainingConfig.MAX_BATCH_SIZE_KEY.name(), Integer.toString(trainBatchSize));
        return user.withOverrides(fixed);
    }
}
