package io.cirstream.ingest.chaos;

/** Settings the catalogue and the ingest service share in a matrix run. */
final class FaultMatrixSettings {

    /** The service's inline image limit in these runs ({@code cirstream.image.max-bytes}). */
    static final int MAX_IMAGE_BYTES = 65_536;

    /** The consumer group of the ingest service under test. */
    static final String GROUP = "ingest-chaos";

    private FaultMatrixSettings() {}
}
