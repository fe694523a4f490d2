package io.cirstream.standalone.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cirstream ARGS...} as a process of its own (this JVM's java and classpath, the JVM flags of bin/cirstream),
 * its output in a file: for what only a process shows (signals, shutdown hooks, exit codes).
 */
final class CliProcess implements AutoCloseable {

    /** The line {@code cirstream kafka} prints with the broker's address; group 1 is the address. */
    static final Pattern BOOTSTRAP = Pattern.compile("CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS=(\\S+);");

    /** The line {@code cirstream serve} prints once a service runs; group 1 is its HTTP port. */
    static final Pattern RUNNING = Pattern.compile("running; .* \\(http://localhost:(\\d+)/health\\)");

    /** How long a service or the broker may take to start on a loaded two-core machine. */
    static final Duration START = Duration.ofMinutes(2);

    /** How long a stop may take after SIGTERM (in-flight batches are finished). */
    static final Duration STOP = Duration.ofSeconds(90);

    /** The exit code of a JVM stopped by SIGTERM. */
    static final int SIGTERM_EXIT = 128 + 15;

    private static final Duration POLL = Duration.ofMillis(200);

    private final Process process;
    private final Path log;

    private CliProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code cirstream args...}.
     *
     * @param systemProperties {@code -Dkey=value} of the child JVM
     * @param environment added to (and replacing in) this process's environment
     */
    static CliProcess start(
            Path log, Map<String, String> systemProperties, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CirstreamCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new CliProcess(builder.start(), log);
    }

    /** {@code cirstream kafka} on a free port with its data and log under {@code work}. */
    static CliProcess kafka(Path work) throws IOException {
        return start(
                work.resolve("kafka.log"),
                Map.of(),
                Map.of(),
                "kafka",
                "--data-dir",
                work.resolve("kafka").toString(),
                "--port",
                "0");
    }

    /** Waits for a line of output matching {@code pattern} and returns its first group. */
    String await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
            }
            if (!process.isAlive()) {
                throw new AssertionError("the process exited with " + process.exitValue() + " before printing "
                        + pattern + ":\n" + output());
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("no output matching " + pattern + " after " + timeout + ":\n" + output());
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the process did not stop within " + timeout + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM; the process named {@code name} in its output must say it is stopping and stopped, and exit 143. */
    void assertStoppedCleanly(String name) throws InterruptedException {
        int exit = terminate(STOP);
        String output = output();
        if (exit != SIGTERM_EXIT
                || !output.contains(name + ": stopping")
                || !output.contains(name + ": stopped")
                || output.contains("did not stop cleanly")) {
            throw new AssertionError(name + " did not stop cleanly on SIGTERM (exit " + exit + "):\n" + output);
        }
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
