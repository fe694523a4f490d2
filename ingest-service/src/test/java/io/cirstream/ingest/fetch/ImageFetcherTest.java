package io.cirstream.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.ingest.testkit.ImageHost;
import io.cirstream.ingest.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFetcherTest {

    private static final int LIMIT = 5_000;

    @TempDir
    Path temp;

    @Test
    void fetchesAllowedImagesAndRefusesTooLargeOnesFromTheHeaderOrTheBody() throws Exception {
        byte[] small = TestImages.png(1, 16);
        byte[] large = TestImages.noisePng(2, 64);
        assertThat(large.length).isGreaterThan(LIMIT);
        Path directory = Files.createDirectories(temp.resolve("images"));
        Files.write(directory.resolve("small.png"), small);
        Files.write(directory.resolve("large.png"), large);
        try (ImageHost host = new ImageHost();
                ImageFetcher fetcher = fetcher(List.of(host.prefix()), List.of(directory))) {
            String smallUri = host.put("small.png", small);
            String largeUri = host.put("large.png", large);

            assertThat(fetcher.fetch(smallUri)).isEqualTo(small);
            assertThat(fetcher.fetch(directory.resolve("small.png").toUri().toString()))
                    .isEqualTo(small);
            assertThatThrownBy(() -> fetcher.fetch(largeUri))
                    .isInstanceOf(ImageFetchException.class)
                    .hasMessageContaining("TOO_LARGE")
                    .hasMessageContaining(Integer.toString(large.length));
            assertThatThrownBy(() ->
                            fetcher.fetch(directory.resolve("large.png").toUri().toString()))
                    .hasMessageContaining("TOO_LARGE");
            List<ImageFetcher.FetchOutcome> outcomes = fetcher.fetchAll(List.of(smallUri, largeUri, smallUri));
            assertThat(outcomes).extracting(ImageFetcher.FetchOutcome::ok).containsExactly(true, false, true);
            assertThat(outcomes.get(1).error().reason()).isEqualTo(ImageFetchException.Reason.TOO_LARGE);
        }
    }

    @Test
    void aHostThatDoesNotAnswerInTimeIsUnreachable() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0);
                ImageFetcher fetcher = new ImageFetcher(new FetchConfig(
                        UriAllowList.of(List.of("http://127.0.0.1:" + silent.getLocalPort() + "/"), List.of()),
                        LIMIT,
                        Duration.ofMillis(500),
                        Duration.ofMillis(700),
                        2))) {
            assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + silent.getLocalPort() + "/x.png"))
                    .isInstanceOf(ImageFetchException.class)
                    .hasMessageContaining("UNREACHABLE");
        }
    }

    private static ImageFetcher fetcher(List<String> prefixes, List<Path> directories) {
        return new ImageFetcher(new FetchConfig(
                UriAllowList.of(prefixes, directories), LIMIT, Duration.ofSeconds(2), Duration.ofSeconds(5), 4));
    }
}
