package io.cirstream.core.eval.run;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.InvalidInputException;
import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.FeatureIndex;
import io.cirstream.core.eval.Fusion;
import io.cirstream.core.eval.RecallCurve;
import io.cirstream.core.eval.dataset.CirDataset;
import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.eval.protocol.CirrProtocol;
import io.cirstream.core.eval.protocol.CirrResult;
import io.cirstream.core.eval.protocol.CirrSubmission;
import io.cirstream.core.eval.protocol.FashionIqCategoryResult;
import io.cirstream.core.eval.protocol.FashionIqProtocol;
import io.cirstream.core.eval.protocol.FashionIqResult;
import io.cirstream.core.eval.protocol.ProtocolQuery;
import io.cirstream.core.eval.report.EvalReport;
import io.cirstream.core.eval.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a published protocol on a dataset split: loads it, embeds the index images, the references and the captions
 * (through {@link CachedEmbeddings}), composes the queries with the {@link Fusion}, ranks exactly and reports. For CIRR
 * test1 it writes the evaluation server's submission files instead. A FashionIQ-layout category without triplets in
 * the split (possible in a small synthetic set) is left out.
 */
public final class DatasetEvaluation {

    /** The largest K of the recall curves. */
    public static final int CURVE_MAX_K = 50;

    private final CachedEmbeddings embeddings;
    private final Combiner combiner;

    /** @param combiner the Combiner for {@link Fusion#COMBINER}; null for {@link Fusion#SUM} */
    public DatasetEvaluation(CachedEmbeddings embeddings, Combiner combiner) {
        this.embeddings = embeddings;
        this.combiner = combiner;
    }

    /**
     * What to evaluate.
     *
     * @param kind the dataset
     * @param path its directory
     * @param split the split (the protocol's is {@link DatasetKind#validationSplit()})
     * @param fusion how queries are composed
     * @param policy what to do about missing or undecodable images
     */
    public record Request(DatasetKind kind, Path path, String split, Fusion fusion, MissingImagePolicy policy) {}

    /** Evaluates a split with targets. */
    public EvalReport evaluate(Request request, EvalReport.ModelInfo model, String cacheDirectory) {
        long start = System.nanoTime();
        Prepared prepared = prepare(request);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<RecallCurve> curves = new ArrayList<>();
        List<EvalReport.UnitInfo> units = new ArrayList<>();
        EvalReport report;
        if (request.kind() == DatasetKind.CIRR) {
            Unit unit = prepared.units().get(0);
            int[] ranks = CirrProtocol.ranks(unit.index(), unit.queries());
            int[] subset = CirrProtocol.subsetRanks(unit.index(), unit.queries());
            CirrResult result = CirrProtocol.result(unit.index(), unit.queries(), ranks, subset);
            curves.add(RecallCurve.of("global", ranks, CURVE_MAX_K));
            curves.add(RecallCurve.of(ReportWriter.SUBSET_CURVE, subset, CirrProtocol.SUBSET_KS.length));
            units.add(unit.info());
            report = report(request, model, null, result, curves, units, prepared, cacheDirectory, seconds);
        } else {
            List<FashionIqCategoryResult> categories = new ArrayList<>();
            for (Unit unit : prepared.units()) {
                FashionIqProtocol.Category category =
                        new FashionIqProtocol.Category(unit.category(), unit.index(), unit.queries());
                int[] ranks = FashionIqProtocol.ranks(category);
                categories.add(FashionIqProtocol.result(category, ranks));
                curves.add(RecallCurve.of(unit.category(), ranks, CURVE_MAX_K));
                units.add(unit.info());
            }
            report = report(
                    request,
                    model,
                    FashionIqProtocol.combine(categories),
                    null,
                    curves,
                    units,
                    prepared,
                    cacheDirectory,
                    seconds);
        }
        return report;
    }

    /** Ranks CIRR test1 and writes the two submission files. */
    public CirrSubmission.SubmissionFiles submission(Request request, Path directory, String name) throws IOException {
        if (request.kind() != DatasetKind.CIRR) {
            throw new InvalidInputException(
                    "submission files are for CIRR test1, not " + request.kind().cliName());
        }
        Unit unit = prepare(request).units().get(0);
        return CirrSubmission.write(directory, name, unit.index(), unit.queries());
    }

    private EvalReport report(
            Request request,
            EvalReport.ModelInfo model,
            FashionIqResult fashionIq,
            CirrResult cirr,
            List<RecallCurve> curves,
            List<EvalReport.UnitInfo> units,
            Prepared prepared,
            String cacheDirectory,
            double seconds) {
        return new EvalReport(
                request.kind().cliName(),
                request.path().toString(),
                request.split(),
                request.fusion().cliName(),
                model,
                fashionIq,
                cirr,
                curves,
                units,
                new EvalReport.EmbeddingInfo(
                        prepared.images(),
                        prepared.captions(),
                        embeddings.computed(),
                        prepared.failedImages(),
                        cacheDirectory,
                        seconds));
    }

    private Prepared prepare(Request request) {
        if (request.fusion() == Fusion.COMBINER && combiner == null) {
            throw new InvalidInputException("fusion 'combiner' needs a Combiner");
        }
        List<CirDataset> datasets =
                request.kind().evaluationUnits(request.path(), request.split(), request.policy()).stream()
                        .filter(unit -> !unit.triplets().isEmpty())
                        .toList();
        if (datasets.isEmpty()) {
            throw new InvalidInputException(request.kind().cliName() + " " + request.split() + " at " + request.path()
                    + " has no triplets to evaluate");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> captions = new ArrayList<>();
        for (CirDataset dataset : datasets) {
            dataset.index().forEach(name -> files.put(name, dataset.imagePath(name)));
            for (CirTriplet triplet : dataset.triplets()) {
                files.put(triplet.reference(), dataset.imagePath(triplet.reference()));
                captions.add(triplet.captions().evaluation());
            }
        }
        CachedEmbeddings.ImageFeatures images = embeddings.images(files);
        if (!images.failures().isEmpty() && request.policy() == MissingImagePolicy.FAIL) {
            throw CachedEmbeddings.failed(images.failures());
        }
        Map<String, float[]> text = embeddings.captions(captions);
        List<Unit> units = new ArrayList<>();
        for (CirDataset dataset : datasets) {
            units.add(unit(dataset, images.features(), text, request.fusion()));
        }
        return new Prepared(units, files.size(), text.size(), images.failures().size());
    }

    private Unit unit(CirDataset dataset, Map<String, float[]> images, Map<String, float[]> text, Fusion fusion) {
        List<String> ids = dataset.index().stream().filter(images::containsKey).toList();
        if (ids.isEmpty()) {
            throw new CirstreamException(dataset.name() + "/" + dataset.split() + " has no index image to rank");
        }
        float[][] indexFeatures = ids.stream().map(images::get).toArray(float[][]::new);
        FeatureIndex index = FeatureIndex.of(ids, indexFeatures);
        List<CirTriplet> triplets = dataset.triplets().stream()
                .filter(t -> images.containsKey(t.reference()))
                .toList();
        float[][] textFeatures = new float[triplets.size()][];
        float[][] referenceFeatures = new float[triplets.size()][];
        for (int i = 0; i < triplets.size(); i++) {
            textFeatures[i] = text.get(triplets.get(i).captions().evaluation());
            referenceFeatures[i] = images.get(triplets.get(i).reference());
        }
        float[][] queries =
                triplets.isEmpty() ? new float[0][] : fusion.compose(textFeatures, referenceFeatures, combiner);
        List<ProtocolQuery> protocolQueries = new ArrayList<>(triplets.size());
        for (int i = 0; i < triplets.size(); i++) {
            CirTriplet t = triplets.get(i);
            protocolQueries.add(new ProtocolQuery(t.id(), t.reference(), t.target(), queries[i], t.subset()));
        }
        String category = dataset.triplets().isEmpty()
                ? dataset.name()
                : dataset.triplets().get(0).category();
        String name = category.isEmpty() ? dataset.name() : category;
        EvalReport.UnitInfo info = new EvalReport.UnitInfo(
                name,
                ids.size(),
                protocolQueries.size(),
                dataset.report().summary(),
                dataset.triplets().size() - triplets.size());
        return new Unit(name, index, protocolQueries, info);
    }

    private record Unit(String category, FeatureIndex index, List<ProtocolQuery> queries, EvalReport.UnitInfo info) {}

    private record Prepared(List<Unit> units, int images, int captions, int failedImages) {}
}
