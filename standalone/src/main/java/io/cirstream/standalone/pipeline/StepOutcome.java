package io.cirstream.standalone.pipeline;

/** What a step produced, in one line for the console and the report. */
interface StepOutcome {

    /** The step's result in words, with its numbers. */
    String summary();
}
