package io.cirstream.standalone.pipeline;

import io.cirstream.core.eval.protocol.CirrResult;

/**
 * One row of the pipeline's evaluation: a way of composing queries and its numbers under the CIRR protocol.
 *
 * @param name {@code sum}, {@code bundle} or {@code served}
 * @param label what the row is, in words
 * @param fusion {@code sum} or {@code combiner}
 * @param combiner the Combiner's version (null for {@code sum})
 * @param result the protocol's numbers (percent)
 * @param reportDirectory where {@code report.json}, {@code report.txt} and {@code recall.svg} of the row are
 */
public record EvaluationRow(
        String name, String label, String fusion, String combiner, CirrResult result, String reportDirectory) {}
