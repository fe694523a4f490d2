package io.cirstream.core.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgCanvasTest {

    @Test
    void writesWellFormedSvgWithEscapedTextAndRootLocaleNumbers() throws Exception {
        String svg = new SvgCanvas(200, 100)
                .line(0, 0.25, 10, 10, SvgCanvas.AXIS, 1, "4 3")
                .polyline(List.of(new double[] {1, 2}, new double[] {3.04, 4.06}), SvgCanvas.colour(1), 2)
                .dot(3, 4, 2.5, SvgCanvas.colour(9))
                .box(1, 1, 50, 20, SvgCanvas.GRID, "white", 0.9)
                .text(5, 6, "a <b> & \"c\"   d", "start", 15, true)
                .verticalText(18, 50, "recall")
                .finish();

        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getAttribute("width")).isEqualTo("200");
        Element polyline = (Element) doc.getElementsByTagName("polyline").item(0);
        assertThat(polyline.getAttribute("points")).isEqualTo("1.0,2.0 3.0,4.1");
        assertThat(polyline.getAttribute("stroke")).isEqualTo("#E69F00");
        Element dot = (Element) doc.getElementsByTagName("circle").item(0);
        assertThat(dot.getAttribute("fill")).isEqualTo("#E69F00"); // the palette repeats: 9 = 1 + 8
        Element line = (Element) doc.getElementsByTagName("line").item(0);
        assertThat(line.getAttribute("y1")).isEqualTo("0.3");
        assertThat(line.getAttribute("stroke-dasharray")).isEqualTo("4 3");
        assertThat(doc.getElementsByTagName("text").item(0).getTextContent()).isEqualTo("a <b> & \"c\"   d");
        assertThat(svg).contains("a &lt;b&gt; &amp; &quot;c&quot;   d");
    }
}
