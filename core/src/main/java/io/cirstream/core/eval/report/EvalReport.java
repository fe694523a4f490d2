package io.cirstream.core.eval.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cirstream.core.eval.RecallCurve;
import io.cirstream.core.eval.protocol.CirrResult;
import io.cirstream.core.eval.protocol.FashionIqResult;
import java.util.List;

/**
 * One evaluation: what was evaluated with what, the protocol's numbers (percent) and the recall curves.
 *
 * @param dataset {@code fashioniq}, {@code cirr} or {@code synthetic}
 * @param path the dataset directory
 * @param split the split
 * @param fusion {@code sum} or {@code combiner}
 * @param model the bundle and Combiner used
 * @param fashionIq FashionIQ's numbers (FashionIQ-layout datasets), else null
 * @param cirr CIRR's numbers (CIRR), else null
 * @param curves Recall@1..{@code maxK} per category (FashionIQ) or global and subset (CIRR)
 * @param units what each evaluation unit held: the load report and the queries left out
 * @param embedding where the features came from and how long it took
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvalReport(
        String dataset,
        String path,
        String split,
        String fusion,
        ModelInfo model,
        FashionIqResult fashionIq,
        CirrResult cirr,
        List<RecallCurve> curves,
        List<UnitInfo> units,
        EmbeddingInfo embedding) {

    public EvalReport {
        curves = List.copyOf(curves);
        units = List.copyOf(units);
    }

    /**
     * The model.
     *
     * @param bundle the bundle's name
     * @param encoderVersion its encoder version
     * @param combiner the Combiner's version or file ({@code combiner} fusion), else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelInfo(String bundle, String encoderVersion, String combiner) {}

    /**
     * One evaluation unit (a FashionIQ category, or the CIRR split).
     *
     * @param name the unit
     * @param indexImages candidates in the index
     * @param queries queries scored
     * @param load the loader's report in one line
     * @param queriesLeftOut queries that could not be scored because their reference image failed to embed
     */
    public record UnitInfo(String name, int indexImages, int queries, String load, int queriesLeftOut) {}

    /**
     * Where features came from.
     *
     * @param images distinct images embedded or found in the cache
     * @param captions distinct captions
     * @param computed features the encoders computed (the rest came from the cache)
     * @param failedImages images that could not be embedded (left out)
     * @param cache the cache directory, or null without one
     * @param seconds wall time of feature extraction
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbeddingInfo(
            int images, int captions, int computed, int failedImages, String cache, double seconds) {}
}
