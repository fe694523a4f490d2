package io.cirstream.query.http;

/**
 * The JSON body of {@code POST /api/v1/feedback}: a shopper, shown results for a reference and a caption, chose a
 * target.
 *
 * @param referenceId the reference product
 * @param caption the caption of the search
 * @param targetId the product the shopper chose
 */
record FeedbackRequest(String referenceId, String caption, String targetId) {}
