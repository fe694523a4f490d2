package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.InvalidInputException;
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
        boolean allOk = true;
        if (!images.isEmpty()) {
            allOk = embedImages(bundle, runtime, out.putArray("images"));
        }
        if (!captions.isEmpty()) {
            try (TextEmbedder text = TextEmbedder.open(bundle, runtime)) {
                ArrayNode array = out.putArray("captions");
                float[][] features = text.embed(captions);
                for (int i = 0; i < captions.size(); i++) {
                    ObjectNode entry = array.addObject().put("caption", captions.get(i));
                    putFeature(entry, features[i]);
                }
            }
        }
        PrintWriter writer = spec.commandLine().getOut();
        writer.println(pretty ? out.toPrettyString() : out.toString());
        writer.flush();
        return allOk ? 0 : CirstreamCli.EXIT_INVALID;
    }

    private boolean embedImages(ModelBundle bundle, TorchRuntime.Resolved runtime, ArrayNode array) {
        List<ImageInput> inputs = new ArrayList<>();
        List<String> readErrors = new ArrayList<>();
        for (Path image : images) {
            String error = null;
            byte[] bytes = new byte[0];
            try {
                long size = Files.size(image);
                if (size > model.maxImageBytes) {
                    error = "image '" + image + "' has " + size + " bytes, over the limit of " + model.maxImageBytes
                            + " (--max-image-bytes)";
                } else {
                    bytes = Files.readAllBytes(image);
                }
            } catch (IOException e) {
                error = "cannot read image '" + image + "': " + e;
            }
            readErrors.add(error);
            inputs.add(new ImageInput(image.toString(), bytes));
        }
        boolean allOk = true;
        try (ImageEmbedder embedder = ImageEmbedder.open(bundle, runtime, model.imageLimits())) {
            List<ImageEmbedding> results = embedder.embedAll(inputs);
            for (int i = 0; i < results.size(); i++) {
                ObjectNode entry = array.addObject().put("file", images.get(i).toString());
                InvalidInputException refused = results.get(i).error();
                String error = readErrors.get(i) != null ? readErrors.get(i) : refused == null ? null : refused.getMessage();
                if (error != null) {
                    entry.put("error", error);
                    allOk = false;
                } else {
                    putFeature(entry, results.get(i).feature());
                }
            }
        }
        return allOk;
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
