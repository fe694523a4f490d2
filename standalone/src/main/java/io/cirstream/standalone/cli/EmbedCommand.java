package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.InvalidInputException;
import io.cirstream.core.combiner.Combination;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.model.BundleManifest;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageEmbedding;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cirstream embed}: prints the raw features of images and captions as JSON. */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = {
            "Prints raw (un-normalised) CLIP features of images and captions as one JSON document.",
            "An image that cannot be read or decoded gets an \"error\" entry instead; the exit code is then 2."
        })
final class EmbedCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ModelOptions model;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image files (JPEG, PNG, WebP).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--caption", paramLabel = "TEXT", description = "A caption to embed (repeatable).")
    List<String> captions = new ArrayList<>();

    @Option(
            names = "--compose",
            description = "Also compose each image with each caption through the bundle's CLIP4Cir Combiner"
                    + " (the normalised query feature and its lambda).")
    boolean compose;

    @Option(names = "--pretty", description = "Indent the JSON (one value per line).")
    boolean pretty;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (images.isEmpty() && captions.isEmpty()) {
            throw new IllegalArgumentException("nothing to embed: give IMAGE files and/or --caption TEXT");
        }
        ModelBundle bundle = model.openBundle();
        TorchRuntime.Resolved runtime = model.runtime();
        ObjectNode out = JSON.createObjectNode();
        out.put("bundle", bundle.name());
        out.put("encoderVersion", bundle.encoderVersion());
        out.put("featureDim", bundle.featureDim());
        out.put("device", runtime.device().toString());
        if (compose && (images.isEmpty() || captions.isEmpty())) {
            throw new IllegalArgumentException("--compose needs at least one IMAGE and one --caption");
        }
        boolean allOk = true;
        List<ImageEmbedding> imageFeatures = List.of();
        if (!images.isEmpty()) {
            imageFeatures = embedImages(bundle, runtime);
            allOk = putImages(out.putArray("images"), imageFeatures);
        }
        float[][] textFeatures = new float[0][];
        if (!captions.isEmpty()) {
            try (TextEmbedder text = TextEmbedder.open(bundle, runtime)) {
                ArrayNode array = out.putArray("captions");
                textFeatures = text.embed(captions);
                for (int i = 0; i < captions.size(); i++) {
                    ObjectNode entry = array.addObject().put("caption", captions.get(i));
                    putFeature(entry, textFeatures[i]);
                }
            }
        }
        if (compose) {
            out.put("combinerVersion", bundle.combinerVersion());
            putQueries(bundle, runtime, imageFeatures, textFeatures, out.putArray("queries"));
        }
        PrintWriter writer = spec.commandLine().getOut();
        writer.println(pretty ? out.toPrettyString() : out.toString());
        writer.flush();
        return allOk ? 0 : CirstreamCli.EXIT_INVALID;
    }

    private List<ImageEmbedding> embedImages(ModelBundle bundle, TorchRuntime.Resolved runtime) {
        List<ImageInput> inputs = new ArrayList<>();
        List<InvalidInputException> readErrors = new ArrayList<>();
        for (Path image : images) {
            InvalidInputException error = null;
            byte[] bytes = new byte[0];
            try {
                long size = Files.size(image);
                if (size > model.maxImageBytes) {
                    error = new InvalidInputException("image '" + image + "' has " + size + " bytes, over the limit of "
                            + model.maxImageBytes + " (--max-image-bytes)");
                } else {
                    bytes = Files.readAllBytes(image);
                }
            } catch (IOException e) {
                error = new InvalidInputException("cannot read image '" + image + "': " + e, e);
            }
            readErrors.add(error);
            inputs.add(new ImageInput(image.toString(), bytes));
        }
        List<ImageEmbedding> results = new ArrayList<>();
        try (ImageEmbedder embedder = ImageEmbedder.open(bundle, runtime, model.imageLimits())) {
            List<ImageEmbedding> embedded = embedder.embedAll(inputs);
            for (int i = 0; i < embedded.size(); i++) {
                InvalidInputException readError = readErrors.get(i);
                results.add(
                        readError == null
                                ? embedded.get(i)
                                : new ImageEmbedding(inputs.get(i).name(), null, readError));
            }
        }
        return results;
    }

    private static boolean putImages(ArrayNode array, List<ImageEmbedding> results) {
        boolean allOk = true;
        for (ImageEmbedding result : results) {
            ObjectNode entry = array.addObject().put("file", result.name());
            if (result.ok()) {
                putFeature(entry, result.feature());
            } else {
                entry.put("error", result.error().getMessage());
                allOk = false;
            }
        }
        return allOk;
    }

    private static void putQueries(
            ModelBundle bundle,
            TorchRuntime.Resolved runtime,
            List<ImageEmbedding> images,
            float[][] texts,
            ArrayNode array) {
        BundleManifest.CombinerEntry entry = bundle.manifest().combiner();
        CombinerDims dims = new CombinerDims(bundle.featureDim(), entry.projectionDim(), entry.hiddenDim());
        try (Combiner combiner = Combiner.load(bundle.combinerFile(), runtime.device(), dims)) {
            for (ImageEmbedding image : images) {
                if (!image.ok()) {
                    continue;
                }
                for (int c = 0; c < texts.length; c++) {
                    Combination combined =
                            combiner.combineWithLambdas(new float[][] {texts[c]}, new float[][] {image.feature()});
                    ObjectNode query =
                            array.addObject().put("file", image.name()).put("captionIndex", c);
                    query.put("lambda", combined.lambdas()[0]);
                    putFeature(query, combined.queries()[0]);
                }
            }
        }
    }

    private static void putFeature(ObjectNode entry, float[] feature) {
        double norm = 0;
        ArrayNode values = entry.putArray("feature");
        for (float v : feature) {
            values.add(v);
            norm += (double) v * v;
        }
        entry.put("norm", Math.sqrt(norm));
    }
}
