package io.cirstream.core.store.milvus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cirstream.core.store.FeatureVectors;
import io.cirstream.core.store.ProductDeletion;
import io.cirstream.core.store.StoredProduct;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The row layout of a collection: its fields, schema and index, and the encoding of a product or a tombstone as a row
 * and back. Each row holds the unit-length feature (HNSW/COSINE index), the raw feature as base64 little-endian
 * floats, the filter fields, and the write's version; a deletion is a tombstone row ({@code deleted == true}).
 */
final class MilvusRows {

    static final String F_ID = "product_id";
    static final String F_UNIT = "unit_feature";
    static final String F_RAW = "raw_feature";
    static final String F_CATEGORY = "category";
    static final String F_PRICE = "price_minor_units";
    static final String F_CURRENCY = "currency";
    static final String F_IN_STOCK = "in_stock";
    static final String F_ATTRIBUTES = "attributes";
    static final String F_IMAGE = "image_sha256";
    static final String F_EVENT_TIME = "source_event_time";
    static final String F_OFFSET = "source_offset";
    static final String F_DELETED = "deleted";

    private static final int MAX_VARCHAR = 65_535;
    /** The largest dimension whose raw feature fits the VARCHAR field as base64. */
    static final int MAX_DIMENSION = (MAX_VARCHAR / 4) * 3 / Float.BYTES;

    /** Every field of a row but the unit vector: what {@link MilvusVectorStore#getProducts} reads back. */
    static final List<String> PRODUCT_FIELDS = List.of(
            F_ID, F_RAW, F_CATEGORY, F_PRICE, F_CURRENCY, F_IN_STOCK, F_ATTRIBUTES, F_IMAGE, F_EVENT_TIME, F_OFFSET);

    private MilvusRows() {}

    /** Adds every field of a row to {@code schema}: the product, its unit and raw features, and the write's version. */
    static CreateCollectionReq.CollectionSchema schema(CreateCollectionReq.CollectionSchema schema, int dimension) {
        schema.addField(AddFieldReq.builder()
                .fieldName(F_ID)
                .dataType(DataType.VarChar)
                .maxLength(StoredProduct.MAX_ID_LENGTH * 4)
                .isPrimaryKey(true)
                .autoID(false)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName(F_UNIT)
                .dataType(DataType.FloatVector)
                .dimension(dimension)
                .build());
        schema.addField(varchar(F_RAW));
        schema.addField(varchar(F_CATEGORY));
        schema.addField(AddFieldReq.builder()
                .fieldName(F_PRICE)
                .dataType(DataType.Int64)
                .build());
        schema.addField(varchar(F_CURRENCY));
        schema.addField(AddFieldReq.builder()
                .fieldName(F_IN_STOCK)
                .dataType(DataType.Bool)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName(F_ATTRIBUTES)
                .dataType(DataType.JSON)
                .build());
        schema.addField(varchar(F_IMAGE));
        schema.addField(AddFieldReq.builder()
                .fieldName(F_EVENT_TIME)
                .dataType(DataType.Int64)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName(F_OFFSET)
                .dataType(DataType.Int64)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName(F_DELETED)
                .dataType(DataType.Bool)
                .build());
        return schema;
    }

    /** The HNSW index of the unit features, by cosine. */
    static IndexParam index() {
        return IndexParam.builder()
                .fieldName(F_UNIT)
                .indexType(IndexParam.IndexType.HNSW)
                .metricType(IndexParam.MetricType.COSINE)
                .extraParams(Map.of("M", 16, "efConstruction", 200))
                .build();
    }

    private static AddFieldReq varchar(String field) {
        return AddFieldReq.builder()
                .fieldName(field)
                .dataType(DataType.VarChar)
                .maxLength(MAX_VARCHAR)
                .build();
    }

    static JsonObject row(StoredProduct product) {
        JsonObject row = new JsonObject();
        row.addProperty(F_ID, product.productId());
        row.add(F_UNIT, array(FeatureVectors.normalised("feature", product.feature())));
        row.addProperty(F_RAW, encode(product.feature()));
        row.addProperty(F_CATEGORY, product.category());
        row.addProperty(F_PRICE, product.priceMinorUnits());
        row.addProperty(F_CURRENCY, product.currency());
        row.addProperty(F_IN_STOCK, product.inStock());
        JsonObject attributes = new JsonObject();
        product.attributes().forEach(attributes::addProperty);
        row.add(F_ATTRIBUTES, attributes);
        row.addProperty(F_IMAGE, product.imageSha256());
        row.addProperty(F_EVENT_TIME, product.sourceEventTimeMillis());
        row.addProperty(F_OFFSET, product.sourceOffset());
        row.addProperty(F_DELETED, false);
        return row;
    }

    static JsonObject tombstone(ProductDeletion deletion, int dimension) {
        float[] placeholder = new float[dimension];
        placeholder[0] = 1;
        JsonObject row = new JsonObject();
        row.addProperty(F_ID, deletion.productId());
        row.add(F_UNIT, array(placeholder));
        row.addProperty(F_RAW, "");
        row.addProperty(F_CATEGORY, "");
        row.addProperty(F_PRICE, 0L);
        row.addProperty(F_CURRENCY, "");
        row.addProperty(F_IN_STOCK, false);
        row.add(F_ATTRIBUTES, new JsonObject());
        row.addProperty(F_IMAGE, "");
        row.addProperty(F_EVENT_TIME, deletion.version().eventTimeMillis());
        row.addProperty(F_OFFSET, deletion.version().offset());
        row.addProperty(F_DELETED, true);
        return row;
    }

    private static JsonArray array(float[] vector) {
        JsonArray array = new JsonArray(vector.length);
        for (float v : vector) {
            array.add(v);
        }
        return array;
    }

    static String encode(float[] vector) {
        return Base64.getEncoder().encodeToString(FeatureVectors.toBytes(vector));
    }

    static float[] decode(String encoded) {
        byte[] bytes = Base64.getDecoder().decode(encoded);
        return FeatureVectors.fromBytes(bytes, 0, bytes.length);
    }

    static StoredProduct product(Map<String, Object> entity, String encoderVersion) {
        Map<String, String> attributes = new HashMap<>();
        Object json = entity.get(F_ATTRIBUTES);
        if (json instanceof JsonObject object) {
            object.entrySet()
                    .forEach(e -> attributes.put(e.getKey(), e.getValue().getAsString()));
        } else if (json != null) {
            JsonParser.parseString(json.toString())
                    .getAsJsonObject()
                    .entrySet()
                    .forEach(e -> attributes.put(e.getKey(), e.getValue().getAsString()));
        }
        return new StoredProduct(
                (String) entity.get(F_ID),
                decode((String) entity.get(F_RAW)),
                (String) entity.get(F_CATEGORY),
                ((Number) entity.get(F_PRICE)).longValue(),
                (String) entity.get(F_CURRENCY),
                (Boolean) entity.get(F_IN_STOCK),
                attributes,
                (String) entity.get(F_IMAGE),
                encoderVersion,
                ((Number) entity.get(F_EVENT_TIME)).longValue(),
                ((Number) entity.get(F_OFFSET)).longValue());
    }
}
