package io.cirstream.core.eval.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * FashionIQ exactly as released: {@code captions/cap.<category>.<split>.json} (a list of {@code {candidate, target,
 * captions[2]}}; the test split has no target), {@code image_splits/split.<category>.<split>.json} (a list of image
 * names: the index) and {@code images/<name>.<ext>} (jpg, png, jpeg or webp). The root is the directory holding those
 * three, or one holding CLIP4Cir's {@code fashionIQ_dataset/}. Each category of a split loads as its own
 * {@link CirDataset}, since the protocol ranks within a category.
 */
public final class FashionIqLoader {

    /** The released categories. Other categories (the synthetic set's) load the same way. */
    public static final List<String> CATEGORIES = List.of("dress", "shirt", "toptee");

    /** The released splits. */
    public static final List<String> SPLITS = List.of("train", "val", "test");

    /** Image file extensions looked for, in order of preference when one name has several. */
    public static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "png", "jpeg", "webp");

    private static final String CLIP4CIR_DIRECTORY = "fashionIQ_dataset";
    private static final Pattern CAPTION_FILE = Pattern.compile("cap\\.([^.]+)\\.([^.]+)\\.json");
    private static final String TEST_SPLIT = "test";

    private final Path root;
    private final MissingImagePolicy policy;
    private Map<String, Path> imageFiles;

    public FashionIqLoader(Path root, MissingImagePolicy policy) {
        this.root = DatasetRoot.resolve(
                root,
                "captions",
                CLIP4CIR_DIRECTORY,
                "FashionIQ caption directory (the root must hold captions/, image_splits/ and images/)");
        this.policy = policy;
    }

    /** The directory holding {@code captions/}, {@code image_splits/} and {@code images/}. */
    public Path root() {
        return root;
    }

    /** The categories that have a caption file for the split: the released three first, then the others sorted. */
    public List<String> categories(String split) {
        Path captions = root.resolve("captions");
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(captions)) {
            files.forEach(file -> {
                Matcher m = CAPTION_FILE.matcher(file.getFileName().toString());
                if (m.matches() && m.group(2).equals(split)) {
                    found.add(m.group(1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + captions, e);
        }
        Set<String> ordered = new LinkedHashSet<>();
        CATEGORIES.stream().filter(found::contains).forEach(ordered::add);
        ordered.addAll(found);
        if (ordered.isEmpty()) {
            throw DatasetException.missingFile(captions.resolve("cap.<category>." + split + ".json"), "caption files");
        }
        return List.copyOf(ordered);
    }

    /** Every category of a split as one dataset (training): indexes and triplets concatenated. */
    public CirDataset loadAll(String split) {
        List<CirDataset> parts = new ArrayList<>();
        for (String category : categories(split)) {
            parts.add(load(category, split));
        }
        return CirDataset.union("fashioniq", parts);
    }

    /** One category of one split. */
    public CirDataset load(String category, String split) {
        Path captionFile = root.resolve("captions").resolve("cap." + category + "." + split + ".json");
        Path splitFile = root.resolve("image_splits").resolve("split." + category + "." + split + ".json");
        JsonNode captions = DatasetJson.read(captionFile, "FashionIQ caption file");
        JsonNode names = DatasetJson.read(splitFile, "FashionIQ image split file");
        DatasetJson json = new DatasetJson();
        List<String> index = readIndex(json, splitFile, names);
        List<CirTriplet> triplets = readTriplets(json, captionFile, captions, category, split);
        json.throwIfAny();
        return resolveImages(category, split, index, triplets);
    }

    private static List<String> readIndex(DatasetJson json, Path file, JsonNode names) {
        List<String> index = new ArrayList<>();
        if (!names.isArray()) {
            json.problem(
                    file, "whole file", "must be a JSON list of image names, found " + DatasetJson.describe(names));
            return index;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            JsonNode name = names.get(i);
            if (!name.isTextual() || name.asText().isEmpty()) {
                json.problem(file, "entry " + i, "must be a non-empty image name, found " + DatasetJson.describe(name));
                continue;
            }
            Integer earlier = seen.putIfAbsent(name.asText(), i);
            if (earlier != null) {
                json.problem(file, "entry " + i, "image name '" + name.asText() + "' repeats entry " + earlier);
                continue;
            }
            index.add(name.asText());
        }
        return index;
    }

    private static List<CirTriplet> readTriplets(
            DatasetJson json, Path file, JsonNode entries, String category, String split) {
        List<CirTriplet> triplets = new ArrayList<>();
        if (!entries.isArray()) {
            json.problem(file, "whole file", "must be a JSON list of triplets, found " + DatasetJson.describe(entries));
            return triplets;
        }
        boolean targets = !TEST_SPLIT.equals(split);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String label = "entry " + i;
            if (!entry.isObject()) {
                json.problem(
                        file,
                        label,
                        "must be an object {candidate, target, captions}, found " + DatasetJson.describe(entry));
                continue;
            }
            String candidate = json.text(file, label, entry, "candidate");
            String target = targets || entry.has("target") ? json.text(file, label, entry, "target") : null;
            List<String> pair = json.texts(file, label, entry, "captions", 2, 2);
            if (candidate == null || pair == null || (targets && target == null)) {
                continue;
            }
            triplets.add(new CirTriplet(
                    category + "." + split + "." + i,
                    category,
                    candidate,
                    target,
                    FashionIqCaptions.variants(pair.get(0), pair.get(1)),
                    pair,
                    List.of()));
        }
        return triplets;
    }

    private CirDataset resolveImages(String category, String split, List<String> index, List<CirTriplet> triplets) {
        Map<String, Path> files = imageFiles();
        MissingImages missing = new MissingImages(policy);
        Map<String, Path> images = new LinkedHashMap<>();
        List<String> present = new ArrayList<>();
        for (String name : index) {
            if (locate(files, name, missing, images)) {
                present.add(name);
            }
        }
        Set<String> indexed = new java.util.HashSet<>(present);
        List<CirTriplet> kept = new ArrayList<>();
        int outside = 0;
        for (CirTriplet triplet : triplets) {
            boolean ok = locate(files, triplet.reference(), missing, images);
            if (triplet.hasTarget()) {
                ok &= locate(files, triplet.target(), missing, images);
            }
            if (ok) {
                kept.add(triplet);
                if (triplet.hasTarget() && !indexed.contains(triplet.target())) {
                    outside++;
                }
            }
        }
        missing.enforce("FashionIQ " + category + "/" + split);
        LoadReport report = new LoadReport(
                present.size(),
                kept.size(),
                missing.count(),
                missing.examples(),
                triplets.size() - kept.size(),
                outside);
        return new CirDataset("fashioniq/" + category, split, present, images, kept, report);
    }

    private boolean locate(Map<String, Path> files, String name, MissingImages missing, Map<String, Path> images) {
        Path file = files.get(name);
        if (file == null) {
            missing.add(name, root.resolve("images").resolve(name + ".{" + String.join(",", IMAGE_EXTENSIONS) + "}"));
            return false;
        }
        images.put(name, file);
        return true;
    }

    /** Image name → file, from one listing of {@code images/}. */
    private synchronized Map<String, Path> imageFiles() {
        if (imageFiles != null) {
            return imageFiles;
        }
        Path directory = root.resolve("images");
        if (!Files.isDirectory(directory)) {
            throw DatasetException.missingFile(directory, "FashionIQ image directory");
        }
        Map<String, Path> found = new HashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                String fileName = file.getFileName().toString();
                int dot = fileName.lastIndexOf('.');
                if (dot <= 0) {
                    return;
                }
                int preference =
                        IMAGE_EXTENSIONS.indexOf(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
                String stem = fileName.substring(0, dot);
                if (preference >= 0 && preference < rank.getOrDefault(stem, Integer.MAX_VALUE)) {
                    rank.put(stem, preference);
                    found.put(stem, file);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        imageFiles = found;
        return found;
    }
}
