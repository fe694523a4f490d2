package io.cirstream.ingest.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, reported beside every time the matrix measures. */
final class MachineLoad {

    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private MachineLoad() {}

    /** The 1-minute load average; -1 where the machine does not say. */
    static double oneMinute() {
        try {
            return Double.parseDouble(Files.readString(LOADAVG).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
