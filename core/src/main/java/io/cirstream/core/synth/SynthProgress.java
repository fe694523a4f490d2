package io.cirstream.core.synth;

/** Progress of a generation, stage by stage (drawing, layouts, catalogue events); for progress bars. */
public interface SynthProgress {

    /** A no-op listener. */
    SynthProgress NONE = new SynthProgress() {
        @Override
        public void stage(String name, long total) {}

        @Override
        public void advance(long done) {}
    };

    /** A new stage of {@code total} steps begins. */
    void stage(String name, long total);

    /** {@code done} more steps of the current stage are done. Called from several threads. */
    void advance(long done);
}
