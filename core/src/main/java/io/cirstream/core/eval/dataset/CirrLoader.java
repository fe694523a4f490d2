package io.cirstream.core.eval.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIRR exactly as released: {@code cirr/captions/cap.rc2.<split>.json} (a list of {@code {pairid, reference,
 * target_hard, target_soft, caption, img_set{id, members}}}; test1 has no targets) and
 * {@code cirr/image_splits/split.rc2.<split>.json} (image name → path relative to the root, e.g.
 * {@code ./dev/dev-1-0-img0.png}), with the image folders ({@code train/}, {@code dev/}, {@code test1/}) beside
 * {@code cirr/}. The root is that directory, or one holding CLIP4Cir's {@code cirr_dataset/}. The index is every image
 * of the split, in the split file's order.
 */
public final class CirrLoader {

    /** The released splits. */
    public static final List<String> SPLITS = List.of("train", "val", "test1");

    /** The split that withholds the targets. */
    public static final String TEST_SPLIT = "test1";

    /** Size of a released {@code img_set}. Other sizes load too (the check is on the names, not the count). */
    public static final int SUBSET_SIZE = 6;

    private static final String CLIP4CIR_DIRECTORY = "cirr_dataset";
    private static final String VERSION = "rc2";

    private final Path root;
    private final MissingImagePolicy policy;

    public CirrLoader(Path root, MissingImagePolicy policy) {
        this.root = DatasetRoot.resolve(
                root,
                "cirr",
                CLIP4CIR_DIRECTORY,
                "CIRR directory (the root must hold cirr/captions, cirr/image_splits and the image folders)");
        this.policy = policy;
    }

    /** The directory holding {@code cirr/} and the image folders. */
    public Path root() {
        return root;
    }

    /** One split. */
    public CirDataset load(String split) {
        Path captionFile = root.resolve("cirr/captions/cap." + VERSION + "." + split + ".json");
        Path splitFile = root.resolve("cirr/image_splits/split." + VERSION + "." + split + ".json");
        JsonNode names = DatasetJson.read(splitFile, "CIRR image split file");
        JsonNode captions = DatasetJson.read(captionFile, "CIRR caption file");
        DatasetJson json = new DatasetJson();
        Map<String, Path> paths = readPaths(json, splitFile, names);
        List<CirTriplet> triplets = readTriplets(json, captionFile, captions, paths.keySet(), split);
        json.throwIfAny();
        return resolveImages(split, paths, triplets);
    }

    private Map<String, Path> readPaths(DatasetJson json, Path file, JsonNode names) {
        Map<String, Path> paths = new LinkedHashMap<>();
        if (!names.isObject()) {
            json.problem(
                    file,
                    "whole file",
                    "must be a JSON object of image name -> relative path, found " + DatasetJson.describe(names));
            return paths;
        }
        Path normalRoot = root.toAbsolutePath().normalize();
        for (Map.Entry<String, JsonNode> entry : names.properties()) {
            String label = "key '" + entry.getKey() + "'";
            JsonNode value = entry.getValue();
            if (entry.getKey().isEmpty()) {
                json.problem(file, label, "an image name must not be empty");
            } else if (!value.isTextual() || value.asText().isEmpty()) {
                json.problem(file, label, "must map to a relative path, found " + DatasetJson.describe(value));
            } else if (Path.of(value.asText()).isAbsolute()) {
                json.problem(file, label, "path '" + value.asText() + "' is absolute; CIRR paths are relative");
            } else {
                Path resolved = normalRoot.resolve(value.asText()).normalize();
                if (!resolved.startsWith(normalRoot)) {
                    json.problem(file, label, "path '" + value.asText() + "' leads outside the dataset directory");
                } else {
                    paths.put(entry.getKey(), resolved);
                }
            }
        }
        return paths;
    }

    private static List<CirTriplet> readTriplets(
            DatasetJson json, Path file, JsonNode entries, Set<String> known, String split) {
        List<CirTriplet> triplets = new ArrayList<>();
        if (!entries.isArray()) {
            json.problem(file, "whole file", "must be a JSON list of triplets, found " + DatasetJson.describe(entries));
            return triplets;
        }
        boolean targets = !TEST_SPLIT.equals(split);
        Map<Long, Integer> pairIds = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String label = "entry " + i;
            if (!entry.isObject()) {
                json.problem(
                        file,
                        label,
                        "must be an object {pairid, reference, target_hard, caption, img_set}," + " found "
                                + DatasetJson.describe(entry));
                continue;
            }
            JsonNode pairId = entry.get("pairid");
            if (pairId == null || !pairId.canConvertToLong() || !pairId.isIntegralNumber()) {
                json.problem(
                        file,
                        label,
                        pairId == null
                                ? "field 'pairid' is missing"
                                : "field 'pairid' must be an integer, found " + DatasetJson.describe(pairId));
                continue;
            }
            label = "entry " + i + " (pairid " + pairId.asLong() + ")";
            Integer earlier = pairIds.putIfAbsent(pairId.asLong(), i);
            if (earlier != null) {
                json.problem(file, label, "pairid " + pairId.asLong() + " repeats entry " + earlier);
                continue;
            }
            CirTriplet triplet = readTriplet(json, file, label, entry, pairId.asLong(), targets, known);
            if (triplet != null) {
                triplets.add(triplet);
            }
        }
        return triplets;
    }

    private static CirTriplet readTriplet(
            DatasetJson json,
            Path file,
            String label,
            JsonNode entry,
            long pairId,
            boolean targets,
            Set<String> known) {
        String reference = json.text(file, label, entry, "reference");
        String caption = captionOf(json, file, label, entry);
        String target = targets || entry.has("target_hard") ? json.text(file, label, entry, "target_hard") : null;
        JsonNode imgSet = entry.get("img_set");
        List<String> members = null;
        if (imgSet == null || !imgSet.isObject()) {
            json.problem(
                    file,
                    label,
                    imgSet == null
                            ? "field 'img_set' is missing"
                            : "field 'img_set' must be an object {id, members}, found " + DatasetJson.describe(imgSet));
        } else {
            members = json.texts(file, label + " img_set", imgSet, "members", 1, Integer.MAX_VALUE);
        }
        if (reference == null || caption == null || members == null || (targets && target == null)) {
            return null;
        }
        List<String> unknown = new ArrayList<>();
        for (String name : allNames(reference, target, members)) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            json.problem(file, label, "names images that the split file does not list: " + unknown);
            return null;
        }
        return new CirTriplet(
                Long.toString(pairId),
                "",
                reference,
                target,
                CaptionVariants.single(caption),
                List.of(caption),
                members);
    }

    /** The caption may be empty in the release (a handful are); it must be a string. */
    private static String captionOf(DatasetJson json, Path file, String label, JsonNode entry) {
        JsonNode caption = entry.get("caption");
        if (caption == null || !caption.isTextual()) {
            json.problem(
                    file,
                    label,
                    caption == null
                            ? "field 'caption' is missing"
                            : "field 'caption' must be a string, found " + DatasetJson.describe(caption));
            return null;
        }
        return caption.asText();
    }

    private static List<String> allNames(String reference, String target, List<String> members) {
        List<String> names = new ArrayList<>(members.size() + 2);
        names.add(reference);
        if (target != null) {
            names.add(target);
        }
        names.addAll(members);
        return names;
    }

    private CirDataset resolveImages(String split, Map<String, Path> paths, List<CirTriplet> triplets) {
        MissingImages missing = new MissingImages(policy);
        Map<String, Path> images = new LinkedHashMap<>();
        for (Map.Entry<String, Path> entry : paths.entrySet()) {
            if (Files.isRegularFile(entry.getValue())) {
                images.put(entry.getKey(), entry.getValue());
            } else {
                missing.add(entry.getKey(), entry.getValue());
            }
        }
        missing.enforce("CIRR " + split);
        List<CirTriplet> kept = new ArrayList<>();
        Set<String> index = new HashSet<>(images.keySet());
        for (CirTriplet triplet : triplets) {
            boolean ok =
                    index.contains(triplet.reference()) && (!triplet.hasTarget() || index.contains(triplet.target()));
            if (ok) {
                kept.add(triplet);
            }
        }
        LoadReport report = new LoadReport(
                images.size(), kept.size(), missing.count(), missing.examples(), triplets.size() - kept.size(), 0);
        return new CirDataset("cirr", split, List.copyOf(images.keySet()), images, kept, report);
    }
}
