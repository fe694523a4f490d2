package io.cirstream.standalone.serve;

import io.cirstream.core.config.CommonKeys;
import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigTable;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.registry.EncoderLine;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.web.WebDemoConfig;
import io.cirstream.trainer.config.TrainerConfig;
import io.cirstream.trainer.gate.GateConfig;
import io.cirstream.trainer.training.CombinerTrainingConfig;
import io.cirstream.trainer.trigger.TriggerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The configuration tables of the READMEs, generated from the keys' declarations ({@link ConfigKey}): each key is
 * documented in exactly one table, between {@code <!-- config-table: NAME -->} and {@code <!-- /config-table -->}.
 * {@code bin/cirstream config-docs --write} rewrites them; {@code ConfigDocsTest} fails when one is out of date.
 */
public final class ConfigDocs {

    /** What a developer runs to bring the tables up to date. */
    public static final String COMMAND = "bin/cirstream config-docs --write";

    /**
     * One generated table.
     *
     * @param readme the README, relative to the repository's root
     * @param name the table's name in its markers
     * @param keys its keys, in order
     */
    public record Table(String readme, String name, List<ConfigKey<?>> keys) {
        public Table {
            keys = List.copyOf(keys);
        }

        /** The table's Markdown. */
        public String markdown() {
            return ConfigTable.markdown(keys);
        }
    }

    /** Every generated table. */
    public static final List<Table> TABLES = List.of(
            new Table(
                    "core/README.md",
                    "shared",
                    concat(
                            CommonKeys.declared(),
                            EncoderLine.declared(),
                            RuntimeConfig.declared(),
                            ImageLimits.declared(),
                            VectorStoreConfig.declared(),
                            ModelStoreConfig.declared())),
            new Table("ingest-service/README.md", "ingest", IngestConfig.declared()),
            new Table("query-service/README.md", "query", concat(QueryConfig.declared(), WebDemoConfig.declared())),
            new Table("trainer/README.md", "trainer-recipe", CombinerTrainingConfig.declared()),
            new Table(
                    "trainer/README.md",
                    "trainer",
                    concat(TrainerConfig.declared(), TriggerConfig.declared(), GateConfig.declared())));

    private ConfigDocs() {}

    /** Every documented key, in table order. */
    public static List<ConfigKey<?>> documented() {
        return TABLES.stream().flatMap(table -> table.keys().stream()).toList();
    }

    /** The README as it should be: {@code current} with each of its tables generated. */
    public static String generated(String readme, String current) {
        String text = current;
        for (Table table : TABLES) {
            if (table.readme().equals(readme)) {
                text = ConfigTable.replace(text, table.name(), table.markdown());
            }
        }
        return text;
    }

    /** The READMEs under {@code root} whose tables differ from the generated ones. */
    public static List<String> stale(Path root) {
        List<String> stale = new ArrayList<>();
        for (String readme : readmes()) {
            String current = read(root.resolve(readme));
            if (!generated(readme, current).equals(current)) {
                stale.add(readme);
            }
        }
        return stale;
    }

    /**
     * Rewrites the READMEs under {@code root} whose tables are out of date.
     *
     * @return the rewritten ones
     */
    public static List<String> write(Path root) {
        List<String> stale = stale(root);
        for (String readme : stale) {
            Path file = root.resolve(readme);
            try {
                Files.writeString(file, generated(readme, read(file)), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
        return stale;
    }

    private static List<String> readmes() {
        return TABLES.stream().map(Table::readme).distinct().toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @SafeVarargs
    private static List<ConfigKey<?>> concat(List<ConfigKey<?>>... groups) {
        return Stream.of(groups).flatMap(List::stream).toList();
    }
}
