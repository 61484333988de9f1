package io.simwarden.sim.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {

  @Test
  void equalKeysGiveEqualStreamsWhateverHappenedBefore() {
    Rng a = new Rng().reset(42, 7, 3, 1);
    Rng b = new Rng();
    for (int i = 0; i < 1000; i++) {
      b.reset(i, i, i, i).nextLong();
    }
    b.reset(42, 7, 3, 1);
    for (int i = 0; i < 100; i++) {
      assertEquals(a.nextLong(), b.nextLong());
    }
  }

  @Test
  void neighbouringKeysGiveDifferentStreams() {
    assertNotEquals(new Rng().reset(42, 7, 3, 1).nextLong(), new Rng().reset(42, 8, 3, 1).nextLong());
    assertNotEquals(new Rng().reset(42, 7, 3, 1).nextLong(), new Rng().reset(43, 7, 3, 1).nextLong());
    assertNotEquals(Rng.of(1, 2).nextLong(), Rng.of(2, 1).nextLong());
  }

  @Test
  void distributionsHaveTheirMeans() {
    Rng r = Rng.of(5);
    int n = 200_000;
    double poissonSmall = 0;
    double poissonLarge = 0;
    double uniform = 0;
    double[] logNormal = new double[n];
    for (int i = 0; i < n; i++) {
      poissonSmall += r.poisson(3.5);
      poissonLarge += r.poisson(120);
      uniform += r.nextDouble();
      logNormal[i] = r.logNormal(1_400, 0.3);
      int k = r.nextInt(10);
      assertTrue(k >= 0 && k < 10);
    }
    java.util.Arrays.sort(logNormal);
    assertEquals(3.5, poissonSmall / n, 0.03);
    assertEquals(120, poissonLarge / n, 0.3);
    assertEquals(0.5, uniform / n, 0.005);
    assertEquals(1_400, logNormal[n / 2], 15);
  }
}
