package io.cirstream.standalone.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a command in the foreground until the process is asked to stop (SIGTERM, SIGINT / Ctrl-C), then closes what
 * it runs in the JVM's shutdown hook, so the stop is clean; the JVM then exits with the signal's status (143 for
 * SIGTERM, 130 for SIGINT), as Java services do.
 */
final class Foreground {

    private Foreground() {}

    /**
     * Blocks until the JVM shuts down and {@code running} is closed.
     *
     * @param name what is printed when it stopped ({@code cirstream serve ingest})
     */
    static void runUntilStopped(String name, AutoCloseable running, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println(name + ": stopping");
                            out.flush();
                            try {
                                running.close();
                                out.println(name + ": stopped");
                            } catch (Exception e) {
                                err.println(name + ": did not stop cleanly: " + e);
                            } finally {
                                out.flush();
                                err.flush();
                                stopped.countDown();
                            }
                        },
                        "cirstream-stop"));
        stopped.await();
    }
}
