package io.cirstream.query.http;

import io.cirstream.query.catalog.CatalogView;
import io.cirstream.schemas.avro.ImageUri;
import io.cirstream.schemas.avro.ProductUpserted;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.ByteBuffer;

/** {@code GET /api/v1/products}, {@code /products/{id}} and {@code /products/{id}/image}, from the catalogue view. */
final class CatalogHandlers {
    private static final int DEFAULT_PAGE = 50;

    private final CatalogView catalog;

    CatalogHandlers(CatalogView catalog) {
        this.catalog = catalog;
    }

    void browse(Context ctx) {
        int offset = intParam(ctx, "offset", 0);
        int limit = intParam(ctx, "limit", DEFAULT_PAGE);
        if (limit < 1 || limit > CatalogView.MAX_PAGE || offset < 0) {
            throw ApiException.badRequest("limit must be 1.." + CatalogView.MAX_PAGE + " and offset >= 0");
        }
        String category = nullToEmpty(ctx.queryParam("category"));
        String words = nullToEmpty(ctx.queryParam("q"));
        ApiJson.respond(ctx, 200, ApiJson.products(catalog.browse(category, words, offset, limit), offset));
    }

    void product(Context ctx) {
        ApiJson.respond(ctx, 200, ApiJson.product(existing(ctx.pathParam("id"))));
    }

    void image(Context ctx) {
        ProductUpserted product = existing(ctx.pathParam("id"));
        switch (product.getImage()) {
            case ByteBuffer buffer -> {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                ctx.contentType(ProductImages.mediaType(bytes))
                        .header("Cache-Control", "max-age=300")
                        .result(bytes);
            }
            case ImageUri uri -> ctx.redirect(uri.getUri(), HttpStatus.FOUND);
            default -> throw new IllegalStateException("unknown image " + product.getImage());
        }
    }

    /** The product, or a 404 that names it. */
    ProductUpserted existing(String productId) {
        return catalog.product(productId)
                .orElseThrow(() -> ApiException.notFound("product '" + productId + "' is not in the catalogue"));
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, got '" + value + "'");
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
