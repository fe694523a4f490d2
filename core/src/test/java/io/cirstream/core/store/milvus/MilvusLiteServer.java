package io.cirstream.core.store.milvus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A milvus-lite gRPC server for tests: {@code .venv-milvus/bin/milvus-lite server} (built by
 * {@code tools/setup-milvus-lite.sh}) on a free local port, with its own data directory.
 */
public final class MilvusLiteServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private MilvusLiteServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server on {@code dataDirectory} and waits until its port accepts connections. */
    public static MilvusLiteServer start(Path dataDirectory) {
        Path binary = repositoryRoot().resolve(".venv-milvus").resolve("bin").resolve("milvus-lite");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("milvus-lite is not installed at " + binary
                    + ": run tools/setup-milvus-lite.sh (it creates .venv-milvus) before the Milvus tests");
        }
        try {
            Files.createDirectories(dataDirectory);
            int port = freePort();
            Path log = Files.createTempFile("milvus-lite", ".log");
            Process process = new ProcessBuilder(
                            binary.toString(),
                            "server",
                            "--data-dir",
                            dataDirectory.toString(),
                            "--host",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MilvusLiteServer server = new MilvusLiteServer(process, port, log);
            server.awaitPort();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start milvus-lite", e);
        }
    }

    /** The URI a client connects to. */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void awaitPort() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "milvus-lite exited with status " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("interrupted while waiting for milvus-lite", e);
                }
            }
        }
        close();
        throw new IllegalStateException(
                "milvus-lite did not open port " + port + " within " + START_TIMEOUT + ": " + Files.readString(log));
    }

    /** Stops the server (SIGTERM) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // only a log file
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The repository root: the nearest ancestor of the working directory holding {@code tools/}. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tools").resolve("setup-milvus-lite.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "cannot find the repository root (with tools/setup-milvus-lite.sh) above " + dir);
    }
}
