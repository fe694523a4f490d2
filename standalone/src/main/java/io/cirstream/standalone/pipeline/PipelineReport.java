package io.cirstream.standalone.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a pipeline run did: its inputs, every step's time and result, the training run with the gate's decision, the
 * three evaluation rows and where everything was written. Written as {@code pipeline-report.json} (this record) and
 * {@code pipeline-report.txt} ({@link PipelineReportTable}).
 *
 * @param inputs what was run
 * @param steps each step in order
 * @param catalogueProducts products in the synthetic catalogue
 * @param storedProducts products in the index once the ingest service caught up
 * @param imagesEmbedded images the ingest service embedded in this run (0 when a {@code --keep} run found them all)
 * @param tripletsSent training triplets sent to the trainer
 * @param training the training run
 * @param evaluation the evaluation rows: sum, the bundle's Combiner, the served Combiner
 * @param paths where each part wrote
 * @param stopped the parts stopped at the end, in the order they were stopped
 * @param totalSeconds the whole run
 */
public record PipelineReport(
        Inputs inputs,
        List<StepTiming> steps,
        long catalogueProducts,
        long storedProducts,
        long imagesEmbedded,
        long tripletsSent,
        Training training,
        List<EvaluationRow> evaluation,
        Map<String, String> paths,
        List<String> stopped,
        double totalSeconds) {

    public PipelineReport {
        steps = List.copyOf(steps);
        evaluation = List.copyOf(evaluation);
        paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
        stopped = List.copyOf(stopped);
    }

    /**
     * What was run.
     *
     * @param products products asked for
     * @param seed the catalogue's seed
     * @param bundle the model bundle's directory
     * @param bundleName its name
     * @param device the libtorch device used
     * @param maxEpochs the training run's epoch limit
     * @param trainBatchSize the training run's batch size cap
     * @param keep whether an earlier run's directory was continued
     */
    public record Inputs(
            int products,
            long seed,
            String bundle,
            String bundleName,
            String device,
            int maxEpochs,
            int trainBatchSize,
            boolean keep) {}

    /**
     * One step.
     *
     * @param step its key
     * @param title what it does
     * @param seconds how long it took
     * @param summary its result in words
     */
    public record StepTiming(String step, String title, double seconds, String summary) {}

    /**
     * The training run, from the trainer's own report.
     *
     * @param runId the run
     * @param status {@code promoted} or {@code rejected}
     * @param reason the gate's reason, with the values
     * @param trainingTriplets triplets trained on
     * @param heldOutTriplets triplets the gate evaluated on (held out by hash of the triplet id)
     * @param epochsRun epochs trained
     * @param bestEpoch the epoch whose weights became the candidate
     * @param gate the trainer's gate section: promote, metric, margin, candidate and serving metrics
     * @param publishedVersion the version published on {@code cir.models}, if the gate passed
     * @param servedVersion what a query instance serves after the run (the registry's verified version, or the
     *     bundle's Combiner when nothing was ever published)
     * @param runDirectory the run's report and training curve
     */
    public record Training(
            String runId,
            String status,
            String reason,
            long trainingTriplets,
            long heldOutTriplets,
            int epochsRun,
            int bestEpoch,
            JsonNode gate,
            String publishedVersion,
            String servedVersion,
            String runDirectory) {

        /** Whether the gate promoted the candidate. */
        public boolean promoted() {
            return gate.path("promote").asBoolean(false);
        }

        public Optional<String> published() {
            return Optional.ofNullable(publishedVersion);
        }
    }
}
