package io.simwarden.persistence.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgTest {

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void hostileTextAndAttributeValuesStayTextInAWellFormedDocument() throws Exception {
    String hostile = "a\"><script>alert(1)</script>&";
    String svg = Svg.open(100, 50, hostile, "data-x", hostile)
        .text(1, 2, hostile, "class", hostile)
        .rect(0, 0, 10, 10, hostile, "fill", "red")
        .line(0, 0, 1, 1)
        .circle(5, 5, 2)
        .polyline(new double[] {0, 0, 1.25, 2.5})
        .close();
    Document doc = parse(svg);
    Element root = doc.getDocumentElement();
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
    assertEquals(hostile, root.getAttribute("data-x"));
    assertEquals(hostile, doc.getElementsByTagName("title").item(0).getTextContent());
    Element text = (Element) doc.getElementsByTagName("text").item(0);
    assertEquals(hostile, text.getTextContent());
    assertEquals(hostile, text.getAttribute("class"));
    assertEquals(hostile, doc.getElementsByTagName("rect").item(0).getTextContent(), "the rect's tooltip");
    assertEquals(0, doc.getElementsByTagName("script").getLength());
    assertEquals("0.0,0.0 1.3,2.5",
        ((Element) doc.getElementsByTagName("polyline").item(0)).getAttribute("points"), "one decimal, dots");
  }

  @Test
  void unpairedAttributesAndPointsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Svg.open(1, 1, "t", "fill"));
    assertThrows(IllegalArgumentException.class, () -> Svg.open(1, 1, "t").polyline(new double[] {1, 2, 3}));
  }
}
