package io.simwarden.node.api;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Cuts an NDJSON body, chunk by chunk, into numbered lines. A line longer than {@code maxLine} bytes is not
 * buffered: its bytes are skipped up to the next newline and it comes out as an overlong line, so that it
 * fails alone and the lines after it are still read.
 */
final class LineSplitter {

  /** Line {@code number} (1-based, counting blank lines): its bytes, or {@code null} when it was overlong. */
  record Line(long number, byte[] json) {
    boolean overlong() {
      return json == null;
    }

    boolean blank() {
      return json != null && new String(json, java.nio.charset.StandardCharsets.UTF_8).isBlank();
    }
  }

  private final int maxLine;
  private ByteString pending = ByteString.emptyByteString();
  private boolean skipping;
  private long lines;

  LineSplitter(int maxLine) {
    this.maxLine = maxLine;
  }

  /** The lines {@code chunk} completes. */
  List<Line> feed(ByteString chunk) {
    List<Line> out = new ArrayList<>();
    ByteString rest = chunk;
    int newline;
    while ((newline = rest.indexOf((byte) '\n')) >= 0) {
      ByteString end = rest.slice(0, newline);
      rest = rest.drop(newline + 1);
      lines++;
      if (skipping || pending.size() + end.size() > maxLine) {
        out.add(new Line(lines, null));
      } else {
        out.add(new Line(lines, pending.concat(end).toArray()));
      }
      pending = ByteString.emptyByteString();
      skipping = false;
    }
    if (!skipping) {
      pending = pending.concat(rest);
      if (pending.size() > maxLine) {
        skipping = true;
        pending = ByteString.emptyByteString();
      }
    }
    return out;
  }

  /** The last line when the body does not end with a newline. */
  List<Line> finish() {
    if (skipping) {
      return List.of(new Line(++lines, null));
    }
    if (pending.isEmpty()) {
      return List.of();
    }
    return List.of(new Line(++lines, pending.toArray()));
  }
}
