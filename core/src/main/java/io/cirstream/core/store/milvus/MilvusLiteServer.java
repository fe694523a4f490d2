package io.cirstream.core.store.milvus;

import io.cirstream.core.store.VectorStoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A local milvus-lite server (a real Milvus-protocol gRPC server, from PyPI) run as a child process: {@code milvus-lite
 * server --data-dir DIR --host 127.0.0.1 --port PORT}, as installed in {@code .venv-milvus} by
 * {@code tools/setup-milvus-lite.sh}. For tests and benchmarks. It differs from Milvus proper: it searches
 * exhaustively (HNSW parameters are ignored), writes are visible at once whatever the consistency level, it has no
 * partition loading, filter templates or search by primary key, and server errors reach the SDK as "unknown enum
 * value". One server per data directory; a server started again on the same directory finds its collections again.
 */
public final class MilvusLiteServer implements AutoCloseable {

    /** System property naming the repository root ({@code bin/cirstream} sets it). */
    public static final String HOME_PROPERTY = "cirstream.home";

    /** The virtual environment {@code tools/setup-milvus-lite.sh} creates at the repository root. */
    public static final String VENV = ".venv-milvus";

    private static final String SETUP_SCRIPT = "tools/setup-milvus-lite.sh";
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final int CONNECT_ATTEMPT_MILLIS = 200;
    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final int port;
    private final Path log;

    private MilvusLiteServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server from {@link #defaultBinary()} on {@code dataDirectory}, on a free port. */
    public static MilvusLiteServer start(Path dataDirectory) {
        return start(defaultBinary(), dataDirectory, 0);
    }

    /** Starts a server from {@link #defaultBinary()} on {@code dataDirectory} and {@code port} (0: a free one). */
    public static MilvusLiteServer start(Path dataDirectory, int port) {
        return start(defaultBinary(), dataDirectory, port);
    }

    /**
     * Starts {@code binary} on {@code dataDirectory} and {@code port} (0: a free one) and waits until the port accepts
     * connections.
     *
     * @throws VectorStoreException if the binary is missing, exits, or does not open its port in time
     */
    public static MilvusLiteServer start(Path binary, Path dataDirectory, int port) {
        if (!Files.isExecutable(binary)) {
            throw new VectorStoreException("milvus-lite is not installed at " + binary + ": run " + SETUP_SCRIPT
                    + " (it creates " + VENV + " at the repository root)");
        }
        try {
            Files.createDirectories(dataDirectory);
            int chosenPort = port == 0 ? freePort() : port;
            Path log = Files.createTempFile("milvus-lite", ".log");
            Process process = new ProcessBuilder(
                            binary.toString(),
                            "server",
                            "--data-dir",
                            dataDirectory.toString(),
                            "--host",
                            HOST,
                            "--port",
                            Integer.toString(chosenPort))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MilvusLiteServer server = new MilvusLiteServer(process, chosenPort, log);
            server.awaitPort();
            return server;
        } catch (IOException e) {
            throw new VectorStoreException("cannot start milvus-lite from " + binary + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code .venv-milvus/bin/milvus-lite} under the repository root: {@value #HOME_PROPERTY} when set, else the
     * nearest ancestor of the working directory that holds {@code tools/setup-milvus-lite.sh}.
     */
    public static Path defaultBinary() {
        return repositoryRoot().resolve(VENV).resolve("bin").resolve("milvus-lite");
    }

    /** The URI a client connects to. */
    public String uri() {
        return "http://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Whether the server process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(KILL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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

    private void awaitPort() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new VectorStoreException(
                        "milvus-lite exited with status " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), CONNECT_ATTEMPT_MILLIS);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new VectorStoreException("interrupted while waiting for milvus-lite", e);
                }
            }
        }
        String output = Files.readString(log);
        close();
        throw new VectorStoreException(
                "milvus-lite did not open port " + port + " within " + START_TIMEOUT + ": " + output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path repositoryRoot() {
        Optional<String> home = Optional.ofNullable(System.getProperty(HOME_PROPERTY));
        if (home.isPresent()) {
            return Path.of(home.get()).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SETUP_SCRIPT))) {
                return p;
            }
        }
        throw new VectorStoreException("cannot find the repository root (with " + SETUP_SCRIPT + ") above " + dir
                + "; set -D" + HOME_PROPERTY);
    }
}
