package io.cirstream.ingest.consume;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.model.ImageEmbedding;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.ingest.embed.ImageDigest;
import io.cirstream.ingest.fetch.ImageFetcher;
import io.cirstream.ingest.store.WriteTargets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decides what a batch's upserts become, given what the store holds for their ids: an upsert older than the held
 * product is stale and skipped; one whose image has the held image's hash (declared by the producer, or computed
 * from the bytes) keeps the held feature and changes only the scalars; the rest are fetched if given by URI and
 * embedded, each distinct image once. While a rebuild runs, the active (older) collection gets the scalar changes of
 * products whose image it holds unchanged.
 */
final class UpsertResolver {

    /** What the batch's upserts became. */
    record Resolution(
            List<StoredProduct> writes, List<Rejection> rejections, int embedded, int scalarsOnly, int stale) {}

    /** An upsert with the record it came from. */
    record Item(ConsumerRecord<byte[], byte[]> record, CatalogChange.Upsert change) {}

    private final BatchContext context;
    private final WriteTargets targets;
    private final Map<String, StoredProduct> heldTarget;
    private final Map<String, StoredProduct> heldMirror;
    private final List<StoredProduct> writes = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private int embedded;
    private int scalarsOnly;
    private int stale;

    UpsertResolver(
            BatchContext context,
            WriteTargets targets,
            Map<String, StoredProduct> heldTarget,
            Map<String, StoredProduct> heldMirror) {
        this.context = context;
        this.targets = targets;
        this.heldTarget = heldTarget;
        this.heldMirror = heldMirror;
    }

    Resolution resolve(List<Item> items) {
        List<Item> needBytes = new ArrayList<>();
        for (Item item : items) {
            StoredProduct held = heldTarget.get(item.change().productId());
            if (held != null && item.change().version().isOlderThan(held.version())) {
                stale++;
            } else if (held != null
                    && item.change()
                            .declaredImageSha256()
                            .filter(held.imageSha256()::equals)
                            .isPresent()) {
                keepFeature(item, held);
            } else {
                needBytes.add(item);
            }
        }
        Map<Item, byte[]> bytes = imageBytes(needBytes);
        Map<String, byte[]> toEmbed = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<Item, String> embedding = new LinkedHashMap<>();
        for (Map.Entry<Item, byte[]> entry : bytes.entrySet()) {
            Item item = entry.getKey();
            String sha = ImageDigest.sha256(entry.getValue());
            Optional<String> declared = item.change().declaredImageSha256();
            if (declared.isPresent() && !declared.get().equals(sha)) {
                reject(item, "declares imageSha256 " + declared.get() + " but its image bytes hash to " + sha);
                continue;
            }
            StoredProduct held = heldTarget.get(item.change().productId());
            if (held != null && held.imageSha256().equals(sha)) {
                keepFeature(item, held);
            } else {
                toEmbed.putIfAbsent(sha, entry.getValue());
                names.putIfAbsent(sha, "product " + item.change().productId());
                embedding.put(item, sha);
            }
        }
        Map<String, ImageEmbedding> features = embed(toEmbed, names);
        for (Map.Entry<Item, String> entry : embedding.entrySet()) {
            ImageEmbedding outcome = features.get(entry.getValue());
            if (outcome.ok()) {
                if (write(entry.getKey(), outcome.feature(), entry.getValue())) {
                    embedded++;
                }
            } else {
                rejections.add(new Rejection(entry.getKey().record(), outcome.error()));
            }
        }
        return new Resolution(writes, rejections, embedded, scalarsOnly, stale);
    }

    private Map<Item, byte[]> imageBytes(List<Item> items) {
        Map<Item, byte[]> bytes = new LinkedHashMap<>();
        List<Item> remote = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (Item item : items) {
            switch (item.change().image()) {
                case CatalogChange.ImageRef.Inline inline -> bytes.put(item, inline.bytes());
                case CatalogChange.ImageRef.ByUri byUri -> {
                    remote.add(item);
                    uris.add(byUri.uri());
                }
            }
        }
        if (!uris.isEmpty()) {
            List<ImageFetcher.FetchOutcome> fetched =
                    context.metrics().timeFetch(() -> context.fetcher().fetchAll(uris));
            for (int i = 0; i < remote.size(); i++) {
                ImageFetcher.FetchOutcome outcome = fetched.get(i);
                if (outcome.ok()) {
                    bytes.put(remote.get(i), outcome.bytes());
                } else {
                    rejections.add(new Rejection(remote.get(i).record(), outcome.error()));
                }
            }
        }
        return bytes;
    }

    private Map<String, ImageEmbedding> embed(Map<String, byte[]> images, Map<String, String> names) {
        if (images.isEmpty()) {
            return Map.of();
        }
        return context.metrics()
                .timeEmbed(images.size(), () -> context.embedder().embed(images, names));
    }

    private void keepFeature(Item item, StoredProduct held) {
        if (write(item, held.feature(), held.imageSha256())) {
            scalarsOnly++;
        }
    }

    /**
     * Writes the product to the target collection, and its scalars to the mirror if that holds the same image;
     * whether the product was valid.
     */
    private boolean write(Item item, float[] feature, String sha) {
        CatalogChange.Upsert change = item.change();
        try {
            writes.add(product(change, feature, sha, targets.target()));
            targets.mirror().ifPresent(mirror -> {
                StoredProduct held = heldMirror.get(change.productId());
                if (held != null
                        && held.imageSha256().equals(sha)
                        && !change.version().isOlderThan(held.version())) {
                    writes.add(product(change, held.feature(), sha, mirror));
                }
            });
            return true;
        } catch (InvalidInputException e) {
            rejections.add(new Rejection(item.record(), e));
            return false;
        }
    }

    private static StoredProduct product(CatalogChange.Upsert change, float[] feature, String sha, String version) {
        return new StoredProduct(
                change.productId(),
                feature,
                change.category(),
                change.priceMinorUnits(),
                change.currency(),
                change.inStock(),
                change.attributes(),
                sha,
                version,
                change.version().eventTimeMillis(),
                change.version().offset());
    }

    private void reject(Item item, String why) {
        ConsumerRecord<byte[], byte[]> record = item.record();
        rejections.add(new Rejection(
                record,
                new InvalidCatalogEventException("catalogue record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " " + why)));
    }
}
