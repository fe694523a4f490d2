package io.cirstream.standalone.cli;

import com.sun.management.OperatingSystemMXBean;
import io.cirstream.trainer.training.TrainingListener;
import io.cirstream.trainer.training.TrainingPlan;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a training run in windows: after {@code warmupBatches} steps, each window times whole steps until
 * {@code seconds} have passed; between windows it runs {@code between} on the training thread (the PyTorch reference's
 * round, so both sides alternate on the same machine state) and the next window starts when it returns. After the
 * last window {@link #done()} says so, and the run is cancelled. Besides wall time it records the process's CPU time
 * (all its threads), which a busy shared machine distorts less.
 */
final class TrainingThroughput implements TrainingListener {

    /** One measured window: whole steps, their wall time and the process's CPU time over it. */
    record Window(int batches, double seconds, double cpuSeconds, int batchSize) {

        double tripletsPerSecond() {
            return batches * (double) batchSize / seconds;
        }

        double tripletsPerCpuSecond() {
            return batches * (double) batchSize / cpuSeconds;
        }
    }

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final int warmupBatches;
    private final long windowNanos;
    private final int batchSize;
    private final int windowCount;
    private final Runnable between;
    private final List<Window> windows = new ArrayList<>();
    private int batches;
    private int windowBatches;
    private long windowStart;
    private long windowCpuStart;

    TrainingThroughput(int warmupBatches, double seconds, int batchSize, int windowCount, Runnable between) {
        this.warmupBatches = warmupBatches;
        this.windowNanos = (long) (seconds * 1e9);
        this.batchSize = batchSize;
        this.windowCount = windowCount;
        this.between = between;
    }

    @Override
    public void onStart(TrainingPlan plan) {
        startWindow();
    }

    @Override
    public void onBatch(int epoch, int batch, int batchesInEpoch, double loss) {
        long now = System.nanoTime();
        batches++;
        if (batches <= warmupBatches) {
            startWindow();
            return;
        }
        windowBatches++;
        long elapsed = now - windowStart;
        if (elapsed >= windowNanos) {
            double cpuSeconds = (OS.getProcessCpuTime() - windowCpuStart) / 1e9;
            windows.add(new Window(windowBatches, elapsed / 1e9, cpuSeconds, batchSize));
            windowBatches = 0;
            if (!done()) {
                between.run();
            }
            startWindow();
        }
    }

    private void startWindow() {
        windowStart = System.nanoTime();
        windowCpuStart = OS.getProcessCpuTime();
    }

    /** Whether every window has been measured. */
    boolean done() {
        return windows.size() >= windowCount;
    }

    /** The measured windows, in order. */
    List<Window> windows() {
        return List.copyOf(windows);
    }

    /** Triplets per second over all windows together. */
    double tripletsPerSecond() {
        return triplets() / windows.stream().mapToDouble(Window::seconds).sum();
    }

    /** Triplets per second of the process's CPU time over all windows together. */
    double tripletsPerCpuSecond() {
        return triplets() / windows.stream().mapToDouble(Window::cpuSeconds).sum();
    }

    private double triplets() {
        return windows.stream().mapToInt(Window::batches).sum() * (double) batchSize;
    }
}
