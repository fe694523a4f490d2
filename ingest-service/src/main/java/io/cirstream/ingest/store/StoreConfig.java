package io.cirstream.ingest.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which vector store the service writes to.
 *
 * @param kind the adapter
 * @param luceneDirectory the Lucene store's directory (for {@link Kind#LUCENE})
 * @param milvusUri the Milvus server (for {@link Kind#MILVUS}), for example {@code http://milvus:19530}
 */
public record StoreConfig(Kind kind, Optional<Path> luceneDirectory, Optional<String> milvusUri) {

    /** The store adapters. */
    public enum Kind {
        /** The embedded Lucene store in a local directory. */
        LUCENE,
        /** A Milvus server (or milvus-lite). */
        MILVUS;

        /** The kind named {@code lucene} or {@code milvus}, in any case. */
        public static Kind parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("store kind must be lucene or milvus, got '" + name + "'", e);
            }
        }
    }

    public StoreConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(luceneDirectory, "luceneDirectory");
        Objects.requireNonNull(milvusUri, "milvusUri");
        if (kind == Kind.LUCENE && luceneDirectory.isEmpty()) {
            throw new IllegalArgumentException("the lucene store needs a directory");
        }
        if (kind == Kind.MILVUS && milvusUri.isEmpty()) {
            throw new IllegalArgumentException("the milvus store needs a server URI");
        }
    }

    public static StoreConfig lucene(Path directory) {
        return new StoreConfig(Kind.LUCENE, Optional.of(directory), Optional.empty());
    }

    public static StoreConfig milvus(String uri) {
        return new StoreConfig(Kind.MILVUS, Optional.empty(), Optional.of(uri));
    }
}
