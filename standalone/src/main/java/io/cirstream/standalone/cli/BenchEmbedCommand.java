package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntUnaryOperator;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream bench embed}: images/s (read + decode + preprocess + encode) and captions/s (tokenise + encode) of
 * the Java runtime, then the same of PyTorch on the same bundle, images and captions (tools/bench_reference.py), and
 * the ratio Java / PyTorch.
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description =
                "Measures images/s and captions/s of the Java runtime and of PyTorch on the same bundle and inputs.")
final class BenchEmbedCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--images", description = "Directory of images to use; default: generated product-like JPEGs.")
    Path imagesDir;

    @Option(
            names = "--count",
            defaultValue = "64",
            description = "Images to generate when --images is not given (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--captions",
            defaultValue = "512",
            description = "Captions to encode per pass (default: ${DEFAULT-VALUE}).")
    int captionCount;

    @Option(
            names = "--seconds",
            defaultValue = "20",
            description = "Measured time per figure, after a warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Mixin
    ReferenceOptions referenceOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelBundle bundle = model.openBundle();
        TorchRuntime.Resolved runtime = model.runtime();
        Path work = Files.createTempDirectory("cirstream-bench-");
        List<Path> images = imagesDir != null
                ? BenchImages.list(imagesDir)
                : BenchImages.generate(work.resolve("images"), count, 42);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images (jpg, png, webp) in " + imagesDir);
        }
        Path captionsFile = BenchImages.writeCaptions(work.resolve("captions.txt"), captionCount);
        List<String> captions = Files.readAllLines(captionsFile);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "bundle %s (D=%d, input %d), %d images, %d captions, device %s, image batch %d, text batch %d%n",
                bundle.name(),
                bundle.featureDim(),
                bundle.preprocessing().inputSize(),
                images.size(),
                captions.size(),
                runtime.device(),
                runtime.imageBatchSize(),
                runtime.textBatchSize());
        out.flush();

        double javaImages;
        double javaCaptions;
        try (ImageEmbedder imageEmbedder = ImageEmbedder.open(bundle, runtime, model.imageLimits());
                TextEmbedder textEmbedder = TextEmbedder.open(bundle, runtime)) {
            IntUnaryOperator imagePass = pass -> {
                imageEmbedder.embed(readAll(images));
                return images.size();
            };
            IntUnaryOperator captionPass = pass -> {
                textEmbedder.embed(captions);
                return captions.size();
            };
            javaImages = measure("java images", imagePass);
            javaCaptions = measure("java captions", captionPass);
        }
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("bundle", bundle.name()).put("images", images.size()).put("captions", captions.size());
        report.put("javaImagesPerSecond", javaImages).put("javaCaptionsPerSecond", javaCaptions);
        out.printf("%-22s %14s %14s %8s%n", "", "java", "pytorch", "ratio");
        if (!referenceOptions.measureReference()) {
            out.printf("%-22s %14.1f %14s %8s%n", "images/s", javaImages, "-", "-");
            out.printf("%-22s %14.1f %14s %8s%n", "captions/s", javaCaptions, "-", "-");
        } else {
            JsonNode reference = pythonReference(images, captionsFile, runtime);
            double pyImages = reference.path("imagesPerSecond").asDouble();
            double pyCaptions = reference.path("captionsPerSecond").asDouble();
            report.put("pytorchImagesPerSecond", pyImages).put("pytorchCaptionsPerSecond", pyCaptions);
            report.put("imageRatio", javaImages / pyImages).put("captionRatio", javaCaptions / pyCaptions);
            report.set("pytorch", reference);
            out.printf("%-22s %14.1f %14.1f %7.2fx%n", "images/s", javaImages, pyImages, javaImages / pyImages);
            out.printf(
                    "%-22s %14.1f %14.1f %7.2fx%n", "captions/s", javaCaptions, pyCaptions, javaCaptions / pyCaptions);
        }
        out.flush();
        referenceOptions.writeJson(report.toPrettyString());
        return 0;
    }

    /** Runs passes until {@code seconds} have passed (after one warm-up pass); returns items per second. */
    private double measure(String task, IntUnaryOperator pass) {
        pass.applyAsInt(-1);
        long budget = (long) (seconds * 1e9);
        long items = 0;
        long start = System.nanoTime();
        long elapsed = 0;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(1, budget / 1_000_000))
                .setUnit(" ms", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .continuousUpdate()
                .build()) {
            for (int round = 0; elapsed < budget; round++) {
                items += pass.applyAsInt(round);
                elapsed = System.nanoTime() - start;
                bar.stepTo(Math.min(budget, elapsed) / 1_000_000);
            }
        }
        return items / (elapsed / 1e9);
    }

    private JsonNode pythonReference(List<Path> images, Path captionsFile, TorchRuntime.Resolved runtime) {
        PythonReference reference = referenceOptions.reference("bench_reference.py");
        int threads = model.threads > 0 ? model.threads : Runtime.getRuntime().availableProcessors();
        List<String> args = new ArrayList<>(List.of(
                "--bundle",
                model.bundle.toString(),
                "--captions-file",
                captionsFile.toString(),
                "--threads",
                Integer.toString(threads),
                "--batch-size",
                Integer.toString(runtime.imageBatchSize()),
                "--text-batch-size",
                Integer.toString(runtime.textBatchSize()),
                "--seconds",
                Double.toString(seconds),
                "--device",
                runtime.device().isGpu() ? "cuda" : "cpu",
                "--images"));
        images.forEach(p -> args.add(p.toString()));
        return reference.run(args);
    }

    private static List<ImageInput> readAll(List<Path> files) {
        List<ImageInput> inputs = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                inputs.add(new ImageInput(file.toString(), Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + file, e);
            }
        }
        return inputs;
    }
}
