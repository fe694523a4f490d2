package io.cirstream.ingest.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches product images by URI, only those its {@link UriAllowList} allows: http(s) without following redirects
 * (a redirect could leave the allow-list), within a size limit and timeouts; files only when their real path (links
 * resolved) lies in an allowed directory. Thread-safe.
 */
public final class ImageFetcher implements AutoCloseable {

    private static final int HTTP_OK = 200;

    private final FetchConfig config;
    private final ExecutorService pool;
    private final HttpClient http;
    private final List<Path> realDirectories;

    public ImageFetcher(FetchConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "cirstream-fetch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(pool)
                .build();
        this.realDirectories = realPaths(config.allowList().directories());
    }

    /**
     * The image bytes at {@code uri}.
     *
     * @throws ImageFetchException when the URI is not allowed, cannot be reached, is too large or is refused
     */
    public byte[] fetch(String uri) {
        return switch (config.allowList().check(uri)) {
            case UriAllowList.Target.Remote remote -> fetchRemote(uri, remote);
            case UriAllowList.Target.LocalFile file -> readFile(uri, file.path());
        };
    }

    /** Fetches each URI, several at once; the outcome of each, in order. */
    public List<FetchOutcome> fetchAll(List<String> uris) {
        List<CompletableFuture<FetchOutcome>> tasks = new ArrayList<>(uris.size());
        for (String uri : uris) {
            tasks.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return FetchOutcome.fetched(fetch(uri));
                        } catch (ImageFetchException e) {
                            return FetchOutcome.failed(e);
                        }
                    },
                    pool));
        }
        return tasks.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public void close() {
        http.shutdownNow();
        pool.shutdownNow();
    }

    private byte[] fetchRemote(String uri, UriAllowList.Target.Remote remote) {
        HttpRequest request = HttpRequest.newBuilder(remote.uri())
                .timeout(config.timeout())
                .header("Accept", "image/*")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, info -> bodyHandler(uri, info));
        try {
            HttpResponse<byte[]> answer = response.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (answer.statusCode() != HTTP_OK) {
                throw new ImageFetchException(
                        ImageFetchException.Reason.REFUSED,
                        "image at " + uri + " answered HTTP " + answer.statusCode()
                                + answer.headers()
                                        .firstValue("Location")
                                        .map(location -> " (a redirect to " + location + ", not followed)")
                                        .orElse(""));
            }
            return answer.body();
        } catch (TimeoutException e) {
            response.cancel(true);
            throw unreachable(uri, "no complete answer within " + config.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.cancel(true);
            throw unreachable(uri, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImageFetchException fetchFailure) {
                throw fetchFailure;
            }
            if (cause instanceof HttpTimeoutException) {
                throw unreachable(uri, "no answer within " + config.timeout(), cause);
            }
            throw unreachable(uri, String.valueOf(cause), cause);
        }
    }

    private HttpResponse.BodySubscriber<byte[]> bodyHandler(String uri, HttpResponse.ResponseInfo info) {
        if (info.statusCode() != HTTP_OK) {
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        return new LimitedBodySubscriber(uri, config.maxBytes(), info.headers().firstValueAsLong("Content-Length"));
    }

    private byte[] readFile(String uri, Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw unreachable(uri, "cannot open " + path + ": " + e, e);
        }
        if (!UriAllowList.isUnder(real, realDirectories)) {
            throw new ImageFetchException(
                    ImageFetchException.Reason.NOT_ALLOWED,
                    "image URI " + uri + " resolves to " + real + ", outside the allowed directories "
                            + config.allowList().directories());
        }
        try (InputStream in = Files.newInputStream(real)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxBytes() + 1));
            if (bytes.length > config.maxBytes()) {
                throw new ImageFetchException(
                        ImageFetchException.Reason.TOO_LARGE,
                        "image file " + real + " is larger than the limit of " + config.maxBytes() + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw unreachable(uri, "cannot read " + real + ": " + e, e);
        }
    }

    private static List<Path> realPaths(List<Path> directories) {
        List<Path> real = new ArrayList<>();
        for (Path directory : directories) {
            try {
                real.add(directory.toRealPath());
            } catch (IOException e) {
                real.add(directory); // not there (yet): nothing under it resolves, so nothing is allowed by it
            }
        }
        return real;
    }

    private static ImageFetchException unreachable(String uri, String why, Throwable cause) {
        return new ImageFetchException(
                ImageFetchException.Reason.UNREACHABLE, "image at " + uri + " is unreachable: " + why, cause);
    }

    /** The bytes of one fetched image, or why it could not be had. */
    public record FetchOutcome(byte[] bytes, ImageFetchException error) {

        static FetchOutcome fetched(byte[] bytes) {
            return new FetchOutcome(bytes, null);
        }

        static FetchOutcome failed(ImageFetchException error) {
            return new FetchOutcome(null, error);
        }

        public boolean ok() {
            return error == null;
        }
    }
}
