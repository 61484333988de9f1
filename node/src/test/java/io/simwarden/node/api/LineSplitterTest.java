package io.simwarden.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  private static List<String> split(String body, int maxLine, int chunkSeed) {
    LineSplitter splitter = new LineSplitter(maxLine);
    List<LineSplitter.Line> lines = new ArrayList<>();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Random random = new Random(chunkSeed);
    for (int at = 0; at < bytes.length; ) {
      int size = Math.min(bytes.length - at, 1 + random.nextInt(7));
      lines.addAll(splitter.feed(ByteString.fromArray(bytes, at, size)));
      at += size;
    }
    lines.addAll(splitter.finish());
    List<String> shown = new ArrayList<>();
    for (LineSplitter.Line l : lines) {
      shown.add(l.number() + ":" + (l.overlong() ? "OVERLONG" : new String(l.json(), StandardCharsets.UTF_8)));
    }
    return shown;
  }

  @Test
  void linesComeOutNumberedWhateverTheChunksAndOverlongOnesFailAlone() {
    for (int seed = 0; seed < 200; seed++) {
      assertEquals(List.of("1:ab", "2:", "3:OVERLONG", "4:cdef", "5:OVERLONG"),
          split("ab\n\n0123456789x\ncdef\n0123456789y", 8, seed), "chunking " + seed);
      assertEquals(List.of("1:12345678", "2:z"), split("12345678\nz\n", 8, seed));
    }
  }
}
