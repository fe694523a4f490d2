package io.cirstream.core.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.eval.RecallCurve;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class RecallChartTest {

    @Test
    void aWellFormedSvgWithOneLinePerCurveAndTheMarkedValuesInTheLegend() throws Exception {
        RecallCurve dress = RecallCurve.of("dress <&>", new int[] {1, 3, 12, 60, Integer.MAX_VALUE}, 50);
        RecallCurve shirt = RecallCurve.of("shirt", new int[] {2, 2, 9}, 50);
        String svg = RecallChart.svg(
                "Recall@K, \"test\"", List.of(dress, shirt), List.of(new int[] {10, 50}, new int[] {10, 50}));

        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        // two curves + the axes
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(4);
        assertThat(svg).contains("dress &lt;&amp;&gt;   @10 40.0   @50 60.0");
        assertThat(svg).contains("shirt   @10 100.0   @50 100.0");
        assertThat(svg).contains("Recall@K, &quot;test&quot;");
        assertThat(dress.at(1)).isEqualTo(20.0);
        assertThat(dress.at(3)).isEqualTo(40.0);
    }
}
