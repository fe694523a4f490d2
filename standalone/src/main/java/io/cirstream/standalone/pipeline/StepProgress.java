package io.cirstream.standalone.pipeline;

import io.cirstream.core.progress.ProgressListener;

/** Progress of the pipeline's steps: core's stages and steps, and the end of a step's last stage (a bar closes). */
public interface StepProgress extends ProgressListener {

    /** No progress shown. */
    StepProgress NONE = new StepProgress() {
        @Override
        public void stage(String name, long total) {}

        @Override
        public void advance(long done) {}

        @Override
        public void endStage() {}
    };

    /** The current stage is over (before the step prints its result). */
    void endStage();
}
