package io.cirstream.core.eval.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cirstream.core.eval.FeatureIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two files the CIRR evaluation server takes for test1, as CLIP4Cir's {@code cirr_test_submission.py} writes them
 * ({@code json.dump(..., sort_keys=True)}): {@code recall_submission_<name>.json} maps {@code str(pairid)} to the top
 * {@value #TOP} names of the ranking without the reference, plus {@code "version": "rc2"} and {@code "metric":
 * "recall"}; {@code recall_subset_submission_<name>.json} maps it to the top {@value #SUBSET_TOP} image-set members
 * in that ranking, with {@code "metric": "recall_subset"}.
 */
public final class CirrSubmission {

    public static final int TOP = 50;
    public static final int SUBSET_TOP = 3;
    public static final String VERSION = "rc2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CirrSubmission() {}

    /** The paths of the two files written. */
    public record SubmissionFiles(Path recall, Path recallSubset) {}

    /** Ranks every test1 query and writes both files into {@code directory}. */
    public static SubmissionFiles write(Path directory, String name, FeatureIndex index, List<ProtocolQuery> queries)
            throws IOException {
        Map<String, List<String>> top = new TreeMap<>();
        Map<String, List<String>> subsetTop = new TreeMap<>();
        for (ProtocolQuery query : queries) {
            String pairId = query.id();
            top.put(
                    pairId,
                    names(index, index.topK(query.feature(), TOP, CirrProtocol.withoutReference(index, query))));
            subsetTop.put(
                    pairId,
                    names(index, index.topK(query.feature(), SUBSET_TOP, CirrProtocol.outsideSubset(index, query))));
        }
        Files.createDirectories(directory);
        Path recall = directory.resolve("recall_submission_" + name + ".json");
        Path subset = directory.resolve("recall_subset_submission_" + name + ".json");
        write(recall, "recall", top);
        write(subset, "recall_subset", subsetTop);
        return new SubmissionFiles(recall, subset);
    }

    private static List<String> names(FeatureIndex index, int[] positions) {
        return Arrays.stream(positions).mapToObj(index::id).toList();
    }

    /** Keys sorted as Python's {@code sort_keys} sorts these ASCII keys: "metric", the pair ids, "version". */
    private static void write(Path file, String metric, Map<String, List<String>> predictions) throws IOException {
        Map<String, JsonNode> sorted = new TreeMap<>();
        sorted.put("version", TextNode.valueOf(VERSION));
        sorted.put("metric", TextNode.valueOf(metric));
        predictions.forEach((pairId, names) -> {
            ArrayNode array = JSON.createArrayNode();
            names.forEach(array::add);
            sorted.put(pairId, array);
        });
        ObjectNode root = JSON.createObjectNode();
        root.setAll(sorted);
        Files.writeString(file, JSON.writeValueAsString(root));
    }
}
