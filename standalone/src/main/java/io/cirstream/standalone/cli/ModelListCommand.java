package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.modelstore.ModelVersionJson;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cirstream model list}: every stored version, oldest first, with its metrics; the serving one marked. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Every stored version of the model with its held-out metrics; '*' marks the one announced.")
final class ModelListCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ModelStoreOptions options;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ModelVersion> versions = options.catalog().versions();
        Optional<ModelVersion> serving = options.serving();
        String servingName = serving.map(ModelVersion::getVersion).orElse("");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = JSON.createObjectNode();
            root.put("model", options.modelName);
            root.put("serving", serving.map(ModelVersion::getVersion).orElse(null));
            ArrayNode list = root.putArray("versions");
            versions.forEach(version -> list.add(ModelVersionJson.tree(version)));
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            return 0;
        }
        if (versions.isEmpty()) {
            out.println("no stored version of " + options.modelName
                    + (serving.isPresent()
                            ? "; the model topic announces " + servingName + " (not in this store)"
                            : ""));
            return 0;
        }
        out.printf(
                "%-2s %-26s %-26s %-24s %8s %8s %8s %8s %9s%n",
                "", "version", "parent", "created", "R@1", "R@5", "R@10", "R@50", "triplets");
        for (ModelVersion version : versions) {
            out.printf(
                    "%-2s %-26s %-26s %-24s %8s %8s %8s %8s %9d%n",
                    version.getVersion().equals(servingName) ? "*" : "",
                    version.getVersion(),
                    version.getParentVersion() == null ? "-" : version.getParentVersion(),
                    version.getCreatedAt(),
                    metric(version, "recall_at_1"),
                    metric(version, "recall_at_5"),
                    metric(version, "recall_at_10"),
                    metric(version, "recall_at_50"),
                    version.getTrainingSetSize());
        }
        if (serving.isEmpty()) {
            out.println("no version is announced on the model topic: query instances serve their bundle's Combiner");
        } else if (versions.stream().noneMatch(v -> v.getVersion().equals(servingName))) {
            out.println("the model topic announces " + servingName + ", which is not in this store");
        }
        return 0;
    }

    private static String metric(ModelVersion version, String name) {
        Double value = version.getMetrics().get(name);
        return value == null ? "-" : "%.4f".formatted(value);
    }
}
