package io.cirstream.core.store.config;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
import io.cirstream.core.config.Settings;
import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.milvus.MilvusVectorStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which vector store a service opens, read from settings the same way by every service.
 *
 * @param kind the adapter
 * @param luceneDirectory the Lucene store's directory (for {@link Kind#LUCENE})
 * @param milvusUri the Milvus server (for {@link Kind#MILVUS}), for example {@code http://milvus:19530}
 */
public record VectorStoreConfig(Kind kind, Optional<Path> luceneDirectory, Optional<String> milvusUri) {

    /** Where the Lucene store lives unless configured. */
    public static final Path DEFAULT_LUCENE_DIRECTORY = Path.of("data", "store");

    /** {@code lucene} or {@code milvus}. */
    public static final ConfigKey<Kind> KIND = ConfigKey.of(
                    "cirstream.store.kind",
                    new ConfigKey.Type<Kind>(
                            "lucene or milvus", Kind::parse, kind -> kind.name().toLowerCase(Locale.ROOT)))
            .withDefault(Kind.LUCENE)
            .doc("`lucene` (embedded) or `milvus`");

    /** The Lucene store's directory. */
    public static final ConfigKey<Path> LUCENE_DIRECTORY = ConfigKey.of(
                    "cirstream.store.lucene.directory", ConfigKey.PATH)
            .withDefault(DEFAULT_LUCENE_DIRECTORY)
            .doc("the Lucene store's directory");

    /** The Milvus server's URI. */
    public static final ConfigKey<String> MILVUS_URI = ConfigKey.of("cirstream.store.milvus.uri", ConfigKey.STRING)
            .shownDefault("(required for milvus)")
            .doc("the Milvus server, for example `http://milvus:19530`");

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
                throw new IllegalArgumentException("not lucene or milvus: '" + name + "'", e);
            }
        }
    }

    public VectorStoreConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(luceneDirectory, "luceneDirectory");
        Objects.requireNonNull(milvusUri, "milvusUri");
        if (kind == Kind.LUCENE && luceneDirectory.isEmpty()) {
            throw new IllegalArgumentException("the lucene store needs a directory (" + LUCENE_DIRECTORY + ")");
        }
        if (kind == Kind.MILVUS && milvusUri.isEmpty()) {
            throw new IllegalArgumentException("the milvus store needs a server URI (" + MILVUS_URI + ")");
        }
    }

    /** The store named by {@link #KIND} (default lucene) and its location. */
    public static VectorStoreConfig from(Settings settings) {
        return switch (KIND.read(settings)) {
            case LUCENE -> lucene(LUCENE_DIRECTORY.read(settings));
            case MILVUS -> milvus(MILVUS_URI.read(settings));
        };
    }

    /** The declarations of every key {@link #from(Settings)} reads, in table order. */
    public static List<ConfigKey<?>> declared() {
        return List.of(KIND, LUCENE_DIRECTORY, MILVUS_URI);
    }

    /** Every configuration key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return ConfigKeys.names(declared());
    }

    public static VectorStoreConfig lucene(Path directory) {
        return new VectorStoreConfig(Kind.LUCENE, Optional.of(directory), Optional.empty());
    }

    public static VectorStoreConfig milvus(String uri) {
        return new VectorStoreConfig(Kind.MILVUS, Optional.empty(), Optional.of(uri));
    }

    /** The configured store, open. */
    public VectorStore open() {
        return switch (kind) {
            case LUCENE -> LuceneVectorStore.open(LuceneStoreConfig.defaults(luceneDirectory.orElseThrow()));
            case MILVUS -> MilvusVectorStore.connect(milvusUri.orElseThrow());
        };
    }
}
