package io.cirstream.standalone.serve;

/** A started service: where its HTTP endpoints listen, and how to stop it. */
public interface RunningService extends AutoCloseable {

    /** The port of {@code /health}, {@code /health/live} and {@code /metrics} (and the trainer's API). */
    int httpPort();

    /** Stops the service cleanly: consumption ends, what is done is committed, files and clients are closed. */
    @Override
    void close();
}
