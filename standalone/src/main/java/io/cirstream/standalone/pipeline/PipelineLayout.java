package io.cirstream.standalone.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The pipeline's directory: one sub-directory per part, so a run can be inspected (and, with {@code --keep},
 * continued) part by part.
 *
 * @param root the directory given with {@code --out}
 */
public record PipelineLayout(Path root) {

    public PipelineLayout {
        Objects.requireNonNull(root, "root");
    }

    /** The synthetic catalogue ({@code cirstream synth}'s output). */
    public Path synth() {
        return root.resolve("synth");
    }

    /** Its CIRR layout: the triplets trained on and the split evaluated. */
    public Path cirr() {
        return synth().resolve("cirr");
    }

    /** The embedded broker's data. */
    public Path kafka() {
        return root.resolve("kafka");
    }

    /** The Lucene vector store the ingest service writes and the trainer reads. */
    public Path index() {
        return root.resolve("index");
    }

    /** The model store the trainer publishes Combiner versions to. */
    public Path models() {
        return root.resolve("models");
    }

    /** The trainer's data: training log, caption feature cache, run reports. */
    public Path trainer() {
        return root.resolve("trainer");
    }

    /** The query service's own files ({@code cirstream standalone}): Kafka Streams state, verified model copies. */
    public Path query() {
        return root.resolve("query");
    }

    /** The ingest service's own files: verified copies of announced bundles. */
    public Path ingest() {
        return root.resolve("ingest");
    }

    /** The evaluation: one report directory per row, and the feature cache. */
    public Path evaluation() {
        return root.resolve("eval");
    }

    /** The evaluation's feature cache. */
    public Path evaluationCache() {
        return evaluation().resolve("feature-cache");
    }

    /** Verified copies of served Combiner versions, as a query instance keeps them. */
    public Path servingCache() {
        return root.resolve("serving").resolve("model-cache");
    }

    /** The pipeline's report as JSON. */
    public Path reportJson() {
        return root.resolve("pipeline-report.json");
    }

    /** The pipeline's report as text. */
    public Path reportText() {
        return root.resolve("pipeline-report.txt");
    }

    /** Every part by name, for the report. */
    public Map<String, String> parts() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("synth", synth().toString());
        parts.put("kafka", kafka().toString());
        parts.put("index", index().toString());
        parts.put("models", models().toString());
        parts.put("trainer", trainer().toString());
        parts.put("evaluation", evaluation().toString());
        parts.put("reportJson", reportJson().toString());
        parts.put("reportText", reportText().toString());
        return parts;
    }

    /**
     * Checks that the directory may be used: absent or empty, or anything with {@code keep}.
     *
     * @throws IllegalArgumentException when it is a file, or not empty without {@code keep}
     */
    public void prepare(boolean keep) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("--out " + root + " exists and is not a directory");
        }
        if (!keep && Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + root + " is not empty: choose a new directory, or"
                            + " pass --keep to continue on what an earlier run left there");
                }
            }
        }
        Files.createDirectories(root);
    }
}
