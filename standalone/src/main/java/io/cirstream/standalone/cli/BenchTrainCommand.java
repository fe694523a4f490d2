package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.eval.FeatureIndex;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.trainer.training.CombinerInitialization;
import io.cirstream.trainer.training.CombinerTrainer;
import io.cirstream.trainer.training.CombinerTrainingConfig;
import io.cirstream.trainer.training.HeldOutSet;
import io.cirstream.trainer.training.TrainingCancelledException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream bench train}: triplets/s of the Java Combiner training loop (the real {@link CombinerTrainer}: batch
 * gather on the device, training-mode forward, loss, backward, Adam) and of PyTorch's loop on the same features, batch
 * size and thread count (tools/bench_train_reference.py), alternating in rounds so that both see the same machine, and
 * the ratio Java / PyTorch.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Measures Combiner training triplets/s of the Java loop and of PyTorch on the same features.")
final class BenchTrainCommand implements Callable<Integer> {

    @Option(
            names = "--dims",
            defaultValue = "640",
            description = "CLIP feature dimension D (default: ${DEFAULT-VALUE}).")
    int dims;

    @Option(names = "--batch-size", defaultValue = "4096", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--triplets", defaultValue = "0", description = "Training triplets; 0 = two batches' worth.")
    int triplets;

    @Option(
            names = "--seconds",
            defaultValue = "60",
            description = "Measured time of each side per round, after a warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--rounds",
            defaultValue = "2",
            description = "Java/PyTorch rounds, alternating (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--warmup-batches",
            defaultValue = "1",
            description = "Steps before measuring, each side (default: ${DEFAULT-VALUE}).")
    int warmupBatches;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch intra-op threads, both sides; 0 = cores.")
    int threads;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--seed", defaultValue = "0", description = "Seeds the features, init, shuffles and dropout.")
    long seed;

    @Mixin
    ReferenceOptions referenceOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        int count = triplets > 0 ? triplets : 2 * batchSize;
        if (batchSize < CombinerTrainingConfig.MIN_BATCH_SIZE || batchSize > count || warmupBatches < 0 || rounds < 1) {
            throw new IllegalArgumentException(
                    "need 2 <= --batch-size (%d) <= --triplets (%d), --warmup-batches >= 0, --rounds >= 1"
                            .formatted(batchSize, count));
        }
        int threadCount = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        TorchRuntime.Resolved runtime =
                TorchRuntime.resolve(RuntimeConfig.defaults().withDevice(device).withThreads(threadCount, 0));
        PrintWriter out = spec.commandLine().getOut();
        CombinerDims combinerDims = CombinerDims.ofFeatureDim(dims);
        out.printf(
                "Combiner %s (%,d parameters), %d triplets, batch %d, %d threads, device %s, %d rounds of %.0f s%n",
                combinerDims,
                combinerDims.parameterCount(),
                count,
                batchSize,
                threadCount,
                runtime.device(),
                rounds,
                seconds);
        out.flush();
        BenchTrainingSet set = BenchTrainingSet.generate(count, dims, seed);
        Path features = Files.createTempFile("cirstream-bench-train-", ".f32");
        try {
            List<JsonNode> references = new ArrayList<>();
            Runnable pytorchRound = !referenceOptions.measureReference()
                    ? () -> {}
                    : () -> references.add(pythonReference(features, count, threadCount, runtime));
            if (referenceOptions.measureReference()) {
                set.write(features);
            }
            TrainingThroughput java = measureJava(set, combinerDims, count, runtime, pytorchRound);
            if (referenceOptions.measureReference()) {
                pytorchRound.run(); // the last round's PyTorch half
            }
            report(out, java, references, count, threadCount, runtime);
        } finally {
            Files.deleteIfExists(features);
        }
        return 0;
    }

    private TrainingThroughput measureJava(
            BenchTrainingSet set,
            CombinerDims combinerDims,
            int count,
            TorchRuntime.Resolved runtime,
            Runnable between) {
        TrainingThroughput meter = new TrainingThroughput(warmupBatches, seconds, batchSize, rounds, between);
        CombinerTrainingConfig config = CombinerTrainingConfig.defaults()
                .withMaxBatchSize(batchSize)
                .withMaxEpochs(Integer.MAX_VALUE)
                .withPatience(Integer.MAX_VALUE)
                .withSeed(seed)
                .withInitialization(CombinerInitialization.FROM_SCRATCH);
        HeldOutSet noQueries = new HeldOutSet(
                FeatureIndex.of(IntStream.range(0, count).mapToObj(i -> "t" + i).toList(), set.targets()), List.of());
        try {
            new CombinerTrainer(config, runtime.device())
                    .train(combinerDims, Optional.empty(), set.examples(), noQueries, meter, meter::done);
        } catch (TrainingCancelledException expected) {
            // the meter ends the run once every window is measured
        }
        return meter;
    }

    private void report(
            PrintWriter out,
            TrainingThroughput java,
            List<JsonNode> references,
            int count,
            int threadCount,
            TorchRuntime.Resolved runtime)
            throws IOException {
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("featureDim", dims).put("triplets", count).put("batchSize", batchSize);
        report.put("threads", threadCount).put("device", runtime.device().toString());
        ArrayNode roundsNode = report.putArray("rounds");
        out.printf(
                "%-12s %10s %10s %7s   %14s %14s %7s%n",
                "", "java", "pytorch", "ratio", "java /cpu-s", "pytorch /cpu-s", "ratio");
        double pytorchTriplets = 0;
        double pytorchSeconds = 0;
        double pytorchCpuSeconds = 0;
        for (int r = 0; r < java.windows().size(); r++) {
            TrainingThroughput.Window window = java.windows().get(r);
            ObjectNode round = roundsNode.addObject();
            round.put("javaTripletsPerSecond", window.tripletsPerSecond());
            round.put("javaTripletsPerCpuSecond", window.tripletsPerCpuSecond());
            round.put("javaBatches", window.batches());
            JsonNode reference = r < references.size() ? references.get(r) : null;
            if (reference != null) {
                pytorchTriplets += reference.path("batches").asDouble() * batchSize;
                pytorchSeconds += reference.path("seconds").asDouble();
                pytorchCpuSeconds += reference.path("cpuSeconds").asDouble();
                round.set("pytorch", reference);
            }
            row(
                    out,
                    "round " + (r + 1),
                    window.tripletsPerSecond(),
                    window.tripletsPerCpuSecond(),
                    reference == null
                            ? Double.NaN
                            : reference.path("tripletsPerSecond").asDouble(),
                    reference == null
                            ? Double.NaN
                            : reference.path("tripletsPerCpuSecond").asDouble());
        }
        report.put("javaTripletsPerSecond", java.tripletsPerSecond());
        report.put("javaTripletsPerCpuSecond", java.tripletsPerCpuSecond());
        double pytorch = pytorchSeconds > 0 ? pytorchTriplets / pytorchSeconds : Double.NaN;
        double pytorchCpu = pytorchCpuSeconds > 0 ? pytorchTriplets / pytorchCpuSeconds : Double.NaN;
        if (pytorchSeconds > 0) {
            report.put("pytorchTripletsPerSecond", pytorch).put("ratio", java.tripletsPerSecond() / pytorch);
            report.put("pytorchTripletsPerCpuSecond", pytorchCpu)
                    .put("cpuRatio", java.tripletsPerCpuSecond() / pytorchCpu);
        }
        row(out, "all rounds", java.tripletsPerSecond(), java.tripletsPerCpuSecond(), pytorch, pytorchCpu);
        out.flush();
        referenceOptions.writeJson(report.toPrettyString());
    }

    private static void row(
            PrintWriter out, String label, double java, double javaCpu, double pytorch, double pytorchCpu) {
        out.printf(
                "%-12s %10.1f %10s %7s   %14.1f %14s %7s%n",
                label,
                java,
                figure(pytorch),
                ratio(java, pytorch),
                javaCpu,
                figure(pytorchCpu),
                ratio(javaCpu, pytorchCpu));
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "-" : "%.1f".formatted(value);
    }

    private static String ratio(double java, double pytorch) {
        return Double.isNaN(pytorch) ? "-" : "%.2fx".formatted(java / pytorch);
    }

    private JsonNode pythonReference(Path features, int count, int threadCount, TorchRuntime.Resolved runtime) {
        return referenceOptions
                .reference("bench_train_reference.py")
                .run(List.of(
                        "--dims", Integer.toString(dims),
                        "--triplets", Integer.toString(count),
                        "--batch-size", Integer.toString(batchSize),
                        "--features", features.toString(),
                        "--threads", Integer.toString(threadCount),
                        "--seconds", Double.toString(seconds),
                        "--warmup-batches", Integer.toString(warmupBatches),
                        "--seed", Long.toString(seed),
                        "--device", runtime.device().isGpu() ? "cuda" : "cpu"));
    }
}
