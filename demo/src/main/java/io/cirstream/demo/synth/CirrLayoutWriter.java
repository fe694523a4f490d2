package io.cirstream.demo.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the CIRR layout of the synthetic set: {@code cirr/image_splits/split.rc2.<split>.json} (name → relative path
 * in {@code train/<n>/}, {@code dev/} or {@code test1/}), {@code cirr/captions/cap.rc2.<split>.json} ({@code pairid},
 * {@code reference}, {@code target_hard}, {@code target_soft}, {@code caption}, {@code img_set{id, members[6]}}, as
 * released; test1 without targets) and the images, hard-linked to the FashionIQ layout's files where the file system
 * allows (copied otherwise). Only families of six form image sets, so only they have CIRR triplets; the few products
 * of a last, smaller family are in the index only.
 */
final class CirrLayoutWriter {

    /** The synthetic splits and their CIRR names and image folders. */
    private static final Map<String, String> SPLIT_NAMES = Map.of("train", "train", "val", "val", "test", "test1");

    private static final Map<String, String> FOLDERS = Map.of("train", "train", "val", "dev", "test", "test1");
    private static final int TRAIN_SUBFOLDERS = 100;

    private CirrLayoutWriter() {}

    /** Writes the layout; returns the triplet count per CIRR split. */
    static Map<String, Integer> write(
            Path root,
            Path images,
            List<SynthProduct> products,
            List<SynthTriplet> triplets,
            Map<Integer, List<SynthProduct>> families)
            throws IOException {
        Map<String, ObjectNode> splitFiles = new HashMap<>();
        for (String split : SPLIT_NAMES.keySet()) {
            splitFiles.put(split, SynthJson.object());
        }
        for (SynthProduct product : products) {
            String relative = relativePath(product);
            splitFiles.get(product.split()).put(product.id(), relative);
            link(images.resolve(product.id() + ".jpg"), root.resolve(relative));
        }
        Map<String, ArrayNode> captionFiles = new HashMap<>();
        SPLIT_NAMES.keySet().forEach(split -> captionFiles.put(split, SynthJson.array()));
        long pairId = 0;
        for (SynthTriplet triplet : triplets) {
            List<SynthProduct> family = families.get(triplet.reference().family());
            if (family.size() != CatalogueDesign.FAMILY_SIZE) {
                continue;
            }
            String split = triplet.reference().split();
            ObjectNode entry = captionFiles.get(split).addObject();
            entry.put("pairid", pairId++);
            entry.put("reference", triplet.reference().id());
            if (!"test".equals(split)) {
                entry.put("target_hard", triplet.target().id());
                entry.putObject("target_soft").put(triplet.target().id(), 1.0);
            }
            entry.put("caption", triplet.captions().cirr());
            ObjectNode set = entry.putObject("img_set");
            set.put("id", triplet.reference().family());
            ArrayNode members = set.putArray("members");
            family.forEach(member -> members.add(member.id()));
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, String> split : SPLIT_NAMES.entrySet()) {
            String name = split.getValue();
            SynthJson.write(
                    root.resolve("cirr/image_splits/split.rc2." + name + ".json"), splitFiles.get(split.getKey()));
            SynthJson.write(root.resolve("cirr/captions/cap.rc2." + name + ".json"), captionFiles.get(split.getKey()));
            counts.put(name, captionFiles.get(split.getKey()).size());
        }
        return counts;
    }

    private static String relativePath(SynthProduct product) {
        String folder = FOLDERS.get(product.split());
        String sub = "train".equals(product.split()) ? (product.family() % TRAIN_SUBFOLDERS) + "/" : "";
        return "./" + folder + "/" + sub + product.id() + ".jpg";
    }

    private static void link(Path existing, Path link) throws IOException {
        Path target = link.normalize();
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, existing);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(existing, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
