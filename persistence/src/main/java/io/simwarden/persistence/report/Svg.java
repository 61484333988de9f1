package io.simwarden.persistence.report;

import java.util.Locale;

/**
 * Writes one inline SVG document, element by element: the small vocabulary the project's charts use (the
 * simulation report, the outbreak report, the benchmark charts), with coordinates printed to one decimal and
 * every text and attribute value escaped. No script, no external resource: a chart is part of one HTML or
 * Markdown file that opens anywhere.
 *
 * <p>Attributes are given as name/value pairs, e.g. {@code svg.line(0, 10, 100, 10, "class", "ax")}; a value is
 * escaped, a name is written as given (names are the caller's constants, never input).
 */
public final class Svg {
  private final StringBuilder out = new StringBuilder(8192);

  private Svg() {}

  /**
   * Opens a document of {@code width} × {@code height} pixels whose accessible name is {@code title} (an
   * SVG {@code <title>} element, shown as a tooltip), with more attributes on the root element.
   */
  public static Svg open(int width, int height, String title, String... attributes) {
    Svg svg = new Svg();
    svg.out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\"");
    svg.attributes(attributes).out.append("><title>").append(escape(title)).append("</title>\n");
    return svg;
  }

  /** A straight line. */
  public Svg line(double x1, double y1, double x2, double y2, String... attributes) {
    out.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
        .append(num(x2)).append("\" y2=\"").append(num(y2)).append('"');
    return attributes(attributes).end();
  }

  /** A rectangle; {@code tooltip} (may be null: none) is shown when the pointer rests on it. */
  public Svg rect(double x, double y, double width, double height, String tooltip, String... attributes) {
    out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
        .append(num(width)).append("\" height=\"").append(num(height)).append('"');
    attributes(attributes);
    if (tooltip == null) {
      return end();
    }
    out.append("><title>").append(escape(tooltip)).append("</title></rect>\n");
    return this;
  }

  /** A circle. */
  public Svg circle(double cx, double cy, double r, String... attributes) {
    out.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" r=\"")
        .append(num(r)).append('"');
    return attributes(attributes).end();
  }

  /** A line through {@code xy} = x0, y0, x1, y1, …; no fill unless an attribute says otherwise. */
  public Svg polyline(double[] xy, String... attributes) {
    if (xy.length % 2 != 0) {
      throw new IllegalArgumentException("polyline points come in x, y pairs; got " + xy.length + " numbers");
    }
    out.append("<polyline fill=\"none\" points=\"");
    for (int i = 0; i < xy.length; i += 2) {
      out.append(i == 0 ? "" : " ").append(num(xy[i])).append(',').append(num(xy[i + 1]));
    }
    out.append('"');
    return attributes(attributes).end();
  }

  /** A text whose baseline starts at (x, y), or is anchored there by a {@code text-anchor} attribute. */
  public Svg text(double x, double y, String text, String... attributes) {
    out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append('"');
    attributes(attributes).out.append('>').append(escape(text)).append("</text>\n");
    return this;
  }

  /** Closes the document and returns it. */
  public String close() {
    return out.append("</svg>\n").toString();
  }

  /** A number as the charts print coordinates: one decimal, a dot whatever the locale. */
  public static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** {@code s} made safe inside an XML/HTML element or a quoted attribute value. */
  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private Svg attributes(String[] pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs; got " + pairs.length + " strings");
    }
    for (int i = 0; i < pairs.length; i += 2) {
      out.append(' ').append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
    }
    return this;
  }

  private Svg end() {
    out.append("/>\n");
    return this;
  }
}
