package io.cirstream.ingest.chaos;

/** The stores the matrix runs on. */
enum StoreKind {
    LUCENE("Lucene (embedded)"),
    MILVUS("Milvus (milvus-lite)");

    private final String label;

    StoreKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
