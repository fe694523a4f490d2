package io.cirstream.demo.synth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.demo.catalog.CatalogEventFile;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductUpserted;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes the catalogue side of the synthetic set: {@code catalog/products.events}, one {@code ProductUpserted} per
 * product with its image inline (a {@link CatalogEventFile}, what the ingest service loads), and
 * {@code products.jsonl}, the ground truth of every product (category, family, split, attributes).
 */
final class CatalogueWriter {

    /** Event times start here and advance one second per product, so replays are reproducible. */
    static final Instant FIRST_EVENT = Instant.parse("2026-01-01T00:00:00Z");

    private static final Map<Category, Long> BASE_PRICE = Map.of(
            Category.DRESS,
            4_900L,
            Category.SHIRT,
            2_900L,
            Category.TROUSERS,
            3_900L,
            Category.SHOES,
            6_900L,
            Category.BAG,
            5_900L);
    private static final double IN_STOCK = 0.85;
    private static final long PRICE_STEP = 100;
    private static final int PRICE_STEPS = 60;
    private static final String CURRENCY = "EUR";

    private CatalogueWriter() {}

    static void writeTruth(Path file, List<SynthProduct> products) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (SynthProduct product : products) {
                ObjectNode line = SynthJson.object();
                line.put("id", product.id());
                line.put("category", product.category().id());
                line.put("family", product.family());
                line.put("split", product.split());
                ObjectNode attributes = line.putObject("attributes");
                product.look().asMap().forEach(attributes::put);
                line.put("image", "fashioniq/images/" + product.id() + ".jpg");
                out.write(SynthJson.line(line));
                out.write('\n');
            }
        }
    }

    static void writeEvents(Path file, Path images, List<SynthProduct> products, ProgressListener progress)
            throws IOException {
        try (CatalogEventFile.Writer writer = CatalogEventFile.create(file)) {
            for (SynthProduct product : products) {
                byte[] image = Files.readAllBytes(images.resolve(product.id() + ".jpg"));
                writer.append(new CatalogEvent(event(product, image, sha256(image))));
                progress.advance(1);
            }
        }
    }

    static ProductUpserted event(SynthProduct product, byte[] image, String sha256) {
        SplittableRandom random = new SplittableRandom(product.paintSeed() ^ 0x9E3779B97F4A7C15L);
        Map<String, String> attributes = new LinkedHashMap<>(product.look().asMap());
        attributes.put("family", Integer.toString(product.family()));
        attributes.put("split", product.split());
        return ProductUpserted.newBuilder()
                .setProductId(product.id())
                .setImage(ByteBuffer.wrap(image))
                .setTitle(title(product.look()))
                .setCategory(product.category().id())
                .setPriceMinorUnits(BASE_PRICE.get(product.category()) + PRICE_STEP * random.nextInt(PRICE_STEPS))
                .setCurrency(CURRENCY)
                .setInStock(random.nextDouble() < IN_STOCK)
                .setAttributes(attributes)
                .setEventTime(FIRST_EVENT.plusSeconds(product.index()))
                .setImageSha256(sha256)
                .build();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** "Red striped long-sleeved shirt", "Navy dotted maxi dress", "Black boot". */
    static String title(Look look) {
        StringBuilder title = new StringBuilder(look.value(Attribute.COLOUR));
        String pattern = look.value(Attribute.PATTERN);
        if (!"plain".equals(pattern)) {
            title.append(' ').append(pattern);
        }
        Category category = look.category();
        switch (category) {
            case SHIRT ->
                title.append(' ').append(look.value(Attribute.SLEEVES)).append(" shirt");
            case DRESS -> title.append(' ').append(look.value(Attribute.LENGTH)).append(" dress");
            case TROUSERS ->
                title.append(' ').append(look.value(Attribute.LENGTH)).append(" trousers");
            case SHOES, BAG -> title.append(' ').append(look.value(Attribute.STYLE));
        }
        return Character.toUpperCase(title.charAt(0)) + title.substring(1).toLowerCase(Locale.ROOT);
    }
}
