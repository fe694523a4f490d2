package io.cirstream.ingest.chaos;

import io.cirstream.ingest.app.IngestApp;
import io.cirstream.ingest.config.IngestConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The ingest service as a process of its own ({@link IngestApp} on this test's classpath), started again after each
 * stop or kill with the same settings; its output goes to a log file per start.
 */
final class IngestProcess implements AutoCloseable {

    private static final long STOP_SECONDS = 60;

    private final Map<String, String> settings;
    private final Path logDirectory;
    private Process process;
    private Path log;
    private int starts;

    IngestProcess(Map<String, String> settings, Path logDirectory) {
        this.settings = new TreeMap<>(settings);
        this.logDirectory = logDirectory;
    }

    /** Settings for a service of the matrix's group on the tiny bundle: {@code store} says where it writes. */
    static Map<String, String> settings(String bootstrapServers, String bundle, Map<String, String> store) {
        Map<String, String> values = new TreeMap<>(store);
        values.put(IngestConfig.BOOTSTRAP_SERVERS.name(), bootstrapServers);
        values.put(IngestConfig.GROUP_ID.name(), FaultMatrixSettings.GROUP);
        values.put(IngestConfig.INSTANCE_ID.name(), "ingest-0");
        values.put(IngestConfig.BUNDLE.name(), bundle);
        values.put(IngestConfig.BATCH_SIZE.name(), "128");
        values.put(IngestConfig.BATCH_MAX_WAIT.name(), "100ms");
        values.put(IngestConfig.RETRY_INITIAL.name(), "100ms");
        values.put(IngestConfig.RETRY_MAX.name(), "2s");
        values.put(IngestConfig.HTTP_PORT.name(), "0");
        values.put("cirstream.image.max-bytes", Integer.toString(FaultMatrixSettings.MAX_IMAGE_BYTES));
        values.put("cirstream.model.device", "cpu");
        return values;
    }

    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the ingest process runs already");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.cirstream=info"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IngestApp.class.getName()));
        log = logDirectory.resolve("ingest-" + (++starts) + ".log");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ingest process", e);
        }
    }

    /** SIGKILL: no shutdown hook runs, whatever is in flight is cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the ingest process survived SIGKILL");
        }
    }

    /** SIGSTOP: the process is frozen where it is (it can neither write nor commit) until {@link #resume}. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(STOP_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM: the service stops and closes its store. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("the ingest process did not stop on SIGTERM within " + STOP_SECONDS + " s");
        }
    }

    /** Fails, with its log, if the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the ingest process exited with " + process.exitValue() + ":\n" + currentLog());
        }
    }

    /** What the current (last started) process has logged. */
    String currentLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        }
    }
}
