package io.cirstream.standalone.pipeline;

import java.util.Locale;

/** The steps of the pipeline, in the order they run; a failure names the step it happened in. */
public enum PipelineStep {
    SYNTH("synthetic catalogue"),
    KAFKA("embedded Kafka + catalogue events"),
    INGEST("ingest service"),
    TRIPLETS("training triplets"),
    TRAINING("trainer service"),
    EVALUATION("evaluation");

    private final String title;

    PipelineStep(String title) {
        this.title = title;
    }

    /** What the step does, in words. */
    public String title() {
        return title;
    }

    /** 1-based position. */
    public int number() {
        return ordinal() + 1;
    }

    /** {@code 3/6 ingest service}. */
    public String label() {
        return number() + "/" + values().length + " " + title;
    }

    /** The step's key in the JSON report. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
