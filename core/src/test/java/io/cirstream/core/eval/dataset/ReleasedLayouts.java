package io.cirstream.core.eval.dataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes small datasets in the exact released layouts (file names, folders, JSON shapes as in the FashionIQ and CIRR
 * releases), with tiny real images, for the loader tests.
 */
final class ReleasedLayouts {

    private ReleasedLayouts() {}

    /**
     * FashionIQ: dress (val: 4 index images, 3 triplets, one target outside the index; test: no targets), shirt
     * (val: 2 images, 1 triplet). Images in mixed formats (.jpg, .png).
     */
    static Path fashionIq(Path root) {
        write(root.resolve("image_splits/split.dress.val.json"), "[\"B001\", \"B002\", \"B003\", \"B004\"]");
        write(root.resolve("image_splits/split.shirt.val.json"), "[\"S001\", \"S002\"]");
        write(root.resolve("image_splits/split.dress.test.json"), "[\"B001\", \"B002\"]");
        write(
                root.resolve("captions/cap.dress.val.json"),
                """
                [{"target": "B002", "candidate": "B001", "captions": ["is red.", "Has LONG sleeves"]},
                 {"target": "B003", "candidate": "B004", "captions": ["is shorter", "is more casual?"]},
                 {"target": "B009", "candidate": "B002", "captions": ["is blue", "has a logo"]}]
                """);
        write(
                root.resolve("captions/cap.shirt.val.json"),
                """
                [{"target": "S002", "candidate": "S001", "captions": ["is white", "has buttons"]}]
                """);
        write(
                root.resolve("captions/cap.dress.test.json"),
                """
                [{"candidate": "B001", "captions": ["is green", "is longer"]}]
                """);
        image(root.resolve("images/B001.jpg"), "jpg", 1);
        image(root.resolve("images/B002.png"), "png", 2);
        image(root.resolve("images/B003.jpg"), "jpg", 3);
        image(root.resolve("images/B004.png"), "png", 4);
        image(root.resolve("images/B009.jpg"), "jpg", 9);
        image(root.resolve("images/S001.jpg"), "jpg", 11);
        image(root.resolve("images/S002.jpg"), "jpg", 12);
        return root;
    }

    /**
     * CIRR: val (6 images in dev/, 2 triplets with 6-member sets), test1 (6 images, 1 triplet without target),
     * train (images in numbered sub-folders, as released).
     */
    static Path cirr(Path root) {
        StringBuilder val = new StringBuilder("{");
        StringBuilder test = new StringBuilder("{");
        for (int i = 0; i < 6; i++) {
            String dev = "dev-" + i + "-0-img0";
            String test1 = "test1-" + i + "-0-img0";
            val.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(dev)
                    .append("\": \"./dev/")
                    .append(dev)
                    .append(".png\"");
            test.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(test1)
                    .append("\": \"./test1/")
                    .append(test1)
                    .append(".png\"");
            image(root.resolve("dev/" + dev + ".png"), "png", 20 + i);
            image(root.resolve("test1/" + test1 + ".png"), "png", 30 + i);
        }
        write(
                root.resolve("cirr/image_splits/split.rc2.val.json"),
                val.append('}').toString());
        write(
                root.resolve("cirr/image_splits/split.rc2.test1.json"),
                test.append('}').toString());
        write(
                root.resolve("cirr/captions/cap.rc2.val.json"),
                """
                [{"pairid": 1001, "reference": "dev-0-0-img0", "target_hard": "dev-1-0-img0",
                  "target_soft": {"dev-1-0-img0": 1.0}, "caption": "make the dog brown",
                  "img_set": {"id": 7, "members": ["dev-0-0-img0", "dev-1-0-img0", "dev-2-0-img0",
                                                   "dev-3-0-img0", "dev-4-0-img0", "dev-5-0-img0"]}},
                 {"pairid": 1002, "reference": "dev-3-0-img0", "target_hard": "dev-5-0-img0",
                  "target_soft": {"dev-5-0-img0": 1.0, "dev-4-0-img0": 0.5}, "caption": "Remove the people.",
                  "img_set": {"id": 8, "members": ["dev-3-0-img0", "dev-5-0-img0", "dev-0-0-img0",
                                                   "dev-1-0-img0", "dev-2-0-img0", "dev-4-0-img0"]}}]
                """);
        write(
                root.resolve("cirr/captions/cap.rc2.test1.json"),
                """
                [{"pairid": 4, "reference": "test1-0-0-img0", "caption": "same place at night",
                  "img_set": {"id": 1, "members": ["test1-0-0-img0", "test1-1-0-img0", "test1-2-0-img0",
                                                   "test1-3-0-img0", "test1-4-0-img0", "test1-5-0-img0"]}}]
                """);
        write(
                root.resolve("cirr/image_splits/split.rc2.train.json"),
                """
                {"train-10-0-img0": "./train/34/train-10-0-img0.png", "train-10-0-img1": "./train/34/train-10-0-img1.png"}
                """);
        write(
                root.resolve("cirr/captions/cap.rc2.train.json"),
                """
                [{"pairid": 12063, "reference": "train-10-0-img0", "target_hard": "train-10-0-img1",
                  "target_soft": {"train-10-0-img1": 1.0}, "caption": "add a second dog",
                  "img_set": {"id": 3, "members": ["train-10-0-img0", "train-10-0-img1"]}}]
                """);
        image(root.resolve("train/34/train-10-0-img0.png"), "png", 40);
        image(root.resolve("train/34/train-10-0-img1.png"), "png", 41);
        return root;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void image(Path file, String format, int seed) {
        BufferedImage image = new BufferedImage(12 + seed % 5, 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color((seed * 40) % 256, (seed * 90) % 256, (seed * 160) % 256));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
