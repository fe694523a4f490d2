package io.cirstream.core.eval.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cirstream.core.eval.RecallCurve;
import io.cirstream.core.eval.protocol.CirrProtocol;
import io.cirstream.core.eval.protocol.FashionIqProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a report's three forms into a directory: {@code report.json}, {@code report.txt} and {@code recall.svg}. */
public final class ReportWriter {

    public static final String JSON = "report.json";
    public static final String TEXT = "report.txt";
    public static final String CHART = "recall.svg";

    /** The name of CIRR's Recall_subset curve in a report. */
    public static final String SUBSET_CURVE = "subset";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    public static void write(EvalReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(JSON), json(report));
        Files.writeString(directory.resolve(TEXT), ReportTable.render(report));
        String title = String.format("Recall@K, %s %s, fusion %s", report.dataset(), report.split(), report.fusion());
        List<int[]> marked = new ArrayList<>();
        for (RecallCurve curve : report.curves()) {
            marked.add(
                    report.cirr() == null
                            ? FashionIqProtocol.KS
                            : curve.name().equals(SUBSET_CURVE) ? CirrProtocol.SUBSET_KS : CirrProtocol.KS);
        }
        Files.writeString(directory.resolve(CHART), RecallChart.svg(title, report.curves(), marked));
    }

    public static String json(EvalReport report) throws IOException {
        return MAPPER.writeValueAsString(report) + "\n";
    }

    /** Reads a report written by {@link #write}. */
    public static EvalReport read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), EvalReport.class);
    }
}
