package io.cirstream.standalone.cli;

import java.lang.management.ManagementFactory;

/** The CPU time this process has used, all threads together (native code included). */
final class ProcessCpu {

    private ProcessCpu() {}

    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report its process CPU time");
    }
}
