package io.cirstream.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingDropsTest {

    @TempDir
    Path temp;

    @Test
    void dropsAreKeptInTheDataDirectoryAndReadBackByANewInstance() {
        Path data = temp.resolve("data");
        PendingDrops drops = new PendingDrops(data);
        assertThat(drops.all()).isEmpty();

        drops.add("enc-v1", Instant.ofEpochMilli(1_000));
        drops.add("enc-v2", Instant.ofEpochMilli(2_000));
        drops.add("enc-v1", Instant.ofEpochMilli(3_000));

        assertThat(Files.isRegularFile(data.resolve(PendingDrops.FILE_NAME))).isTrue();
        assertThat(new PendingDrops(data).all())
                .containsExactly(
                        java.util.Map.entry("enc-v1", Instant.ofEpochMilli(3_000)),
                        java.util.Map.entry("enc-v2", Instant.ofEpochMilli(2_000)));

        drops.remove("enc-v1");
        drops.remove("never-there");
        assertThat(new PendingDrops(data).all()).containsOnlyKeys("enc-v2");
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(PendingDrops.FILE_NAME);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aDueTimeThatIsNotANumberIsAClearError() throws Exception {
        Files.writeString(temp.resolve(PendingDrops.FILE_NAME), "enc-v1=tomorrow\n");
        assertThatThrownBy(() -> new PendingDrops(temp).all())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enc-v1")
                .hasMessageContaining("tomorrow");
    }
}
