package io.cirstream.core.progress;

/** Progress of a long job, stage by stage (drawing products, embedding images, ...); for progress bars. */
public interface ProgressListener {

    /** A no-op listener. */
    ProgressListener NONE = new ProgressListener() {
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
