package io.cirstream.core.store;

import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * How a product (or a deletion's tombstone) is laid out as a Lucene document. Live documents carry the normalised
 * vector (indexed, dot product), the raw feature (stored bytes) and the filter fields (indexed and stored, so the
 * product can be read back as written); tombstones carry only the id and version, and no vector, so searches never
 * see them.
 */
final class ProductDocuments {

    static final String ID = "id";
    static final String STATE = "state";
    static final String LIVE = "live";
    static final String TOMBSTONE = "tombstone";
    static final String VECTOR = "vector";
    static final String RAW_FEATURE = "raw_feature";
    static final String EVENT_TIME = "event_time";
    static final String OFFSET = "offset";
    static final String CATEGORY = "category";
    static final String PRICE = "price";
    static final String IN_STOCK = "in_stock";
    static final String ATTRIBUTE = "attribute";
    static final String CURRENCY = "currency";
    static final String IMAGE_SHA256 = "image_sha256";

    /** Unit vectors: dot product equals cosine, and Lucene's score is {@code (1 + cosine) / 2}. */
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    private ProductDocuments() {}

    static Term idTerm(String productId) {
        return new Term(ID, productId);
    }

    static Document live(StoredProduct product) {
        Document doc = header(product.productId(), product.version(), LIVE);
        float[] raw = product.feature();
        doc.add(new KnnFloatVectorField(
                VECTOR, FeatureVectors.normalised("feature of " + product.productId(), raw), SIMILARITY));
        doc.add(new StoredField(RAW_FEATURE, FeatureVectors.toBytes(raw)));
        doc.add(new StringField(CATEGORY, product.category(), Field.Store.YES));
        doc.add(new LongPoint(PRICE, product.priceMinorUnits()));
        doc.add(new StoredField(PRICE, product.priceMinorUnits()));
        doc.add(new StringField(IN_STOCK, Boolean.toString(product.inStock()), Field.Store.YES));
        for (Map.Entry<String, String> attribute : product.attributes().entrySet()) {
            doc.add(new StringField(
                    ATTRIBUTE, attributeTerm(attribute.getKey(), attribute.getValue()), Field.Store.YES));
        }
        doc.add(new StoredField(CURRENCY, product.currency()));
        doc.add(new StoredField(IMAGE_SHA256, product.imageSha256()));
        return doc;
    }

    static Document tombstone(ProductDeletion deletion) {
        return header(deletion.productId(), deletion.version(), TOMBSTONE);
    }

    /**
     * The indexed form of one attribute pair: the name's length, a colon, the name, the value. The length prefix
     * makes it unambiguous whatever characters the name and value hold.
     */
    static BytesRef attributeTerm(String name, String value) {
        return new BytesRef(name.length() + ":" + name + value);
    }

    /** The live product a stored document holds, as it was written to the collection {@code encoderVersion}. */
    static StoredProduct product(Document stored, String encoderVersion) {
        SourceVersion version = version(stored);
        Map<String, String> attributes = new HashMap<>();
        for (IndexableField attribute : stored.getFields(ATTRIBUTE)) {
            BytesRef term = attribute.binaryValue();
            String pair = term.utf8ToString();
            int colon = pair.indexOf(':');
            int nameLength = Integer.parseInt(pair, 0, colon, 10);
            attributes.put(pair.substring(colon + 1, colon + 1 + nameLength), pair.substring(colon + 1 + nameLength));
        }
        return new StoredProduct(
                stored.get(ID),
                rawFeature(stored),
                stored.get(CATEGORY),
                stored.getField(PRICE).numericValue().longValue(),
                stored.get(CURRENCY),
                Boolean.parseBoolean(stored.get(IN_STOCK)),
                attributes,
                stored.get(IMAGE_SHA256),
                encoderVersion,
                version.eventTimeMillis(),
                version.offset());
    }

    static SourceVersion version(Document stored) {
        return new SourceVersion(
                stored.getField(EVENT_TIME).numericValue().longValue(),
                stored.getField(OFFSET).numericValue().longValue());
    }

    static boolean isLive(Document stored) {
        return LIVE.equals(stored.get(STATE));
    }

    static float[] rawFeature(Document stored) {
        BytesRef bytes = stored.getBinaryValue(RAW_FEATURE);
        return FeatureVectors.fromBytes(bytes.bytes, bytes.offset, bytes.length);
    }

    private static Document header(String productId, SourceVersion version, String state) {
        Document doc = new Document();
        doc.add(new StringField(ID, productId, Field.Store.YES));
        doc.add(new StringField(STATE, state, Field.Store.YES));
        doc.add(new StoredField(EVENT_TIME, version.eventTimeMillis()));
        doc.add(new StoredField(OFFSET, version.offset()));
        return doc;
    }
}
