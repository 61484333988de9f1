package io.simwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailureTest {

  @Test
  void wrappersThatOnlyRepeatTheirCauseAreLeftOutAndNoClassNameIsShown() {
    Throwable failure = new CompletionException(new UncheckedIOException("cannot write var/reports",
        new IOException("No space left on device")));
    assertEquals("cannot write var/reports: No space left on device", Failure.describe(failure));
  }

  @Test
  void aFailureWithoutAnyMessageIsNamedByItsKind() {
    assertEquals("unexpected NullPointerException", Failure.describe(new NullPointerException()));
  }

  @Test
  void aCauseLoopEnds() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertEquals("b: a", Failure.describe(b));
  }
}
