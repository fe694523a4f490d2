package io.cirstream.standalone.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.web.WebDemoConfig;
import io.cirstream.trainer.config.TrainerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The READMEs' configuration tables are the ones generated from the keys' declarations, and every key a service reads
 * is in exactly one of them.
 */
class ConfigDocsTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void theReadmeTablesAreTheGeneratedOnes() {
        assertThat(ConfigDocs.stale(ROOT))
                .as("READMEs whose configuration tables differ from the keys' declarations: run " + ConfigDocs.COMMAND)
                .isEmpty();
    }

    @Test
    void everyKeyIsDocumentedOnce() {
        List<String> documented =
                ConfigDocs.documented().stream().map(ConfigKey::name).toList();
        assertThat(documented).doesNotHaveDuplicates();
        Set<String> read = Stream.of(
                        IngestConfig.keys(), QueryConfig.keys(), WebDemoConfig.keys(), TrainerConfig.keys())
                .flatMap(List::stream)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(read);
    }

    @Test
    void everyDocumentedKeyHasADescription() {
        assertThat(ConfigDocs.documented())
                .allSatisfy(key -> assertThat(key.doc()).as(key.name()).isNotBlank());
    }
}
