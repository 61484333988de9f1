package io.simwarden.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simwarden.core.ValidationException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.function.Executable;

/** Assertions shared by the identifier tests. */
final class IdAssertions {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private IdAssertions() {}

  /** Asserts that {@code parse} is rejected for {@code field} with a problem mentioning {@code problem}. */
  static ValidationException assertRejected(String field, String problem, Executable parse) {
    ValidationException e = assertThrows(ValidationException.class, parse);
    assertEquals(field, e.field(), () -> "field of: " + e.getMessage());
    assertTrue(e.problem().contains(problem), () -> "expected '" + problem + "' in: " + e.getMessage());
    assertEquals(field + ": " + e.problem(), e.getMessage());
    return e;
  }

  /** Asserts that {@code value} is the JSON string {@code canonical} and reads back equal. */
  static <T> void assertJsonRoundTrip(T value, String canonical, Class<T> type) throws JsonProcessingException {
    String json = MAPPER.writeValueAsString(value);
    assertEquals(MAPPER.writeValueAsString(canonical), json);
    assertEquals(value, MAPPER.readValue(json, type));
  }

  /** Asserts that reading the JSON string {@code invalid} as {@code type} fails with a ValidationException. */
  static void assertJsonRejected(String invalid, Class<?> type, String field) {
    Exception e = assertThrows(Exception.class, () -> MAPPER.readValue(MAPPER.writeValueAsString(invalid), type));
    Throwable cause = e;
    while (cause != null && !(cause instanceof ValidationException)) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof ValidationException, () -> "no ValidationException behind " + e);
    assertEquals(field, ((ValidationException) cause).field());
  }

  /** How many calls an allocation probe makes: one 16-byte object per call would add up to 3.2 MB. */
  static final int ALLOCATION_PROBE_CALLS = 200_000;

  /** Bytes the current thread allocates while running {@code work}; skips the test where the JVM cannot tell. */
  static long bytesAllocatedBy(Runnable work) {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    long threadId = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(threadId);
    work.run();
    return threads.getThreadAllocatedBytes(threadId) - before;
  }

  /** Fails if {@link #ALLOCATION_PROBE_CALLS} calls allocated more than the probe's own small overhead. */
  static void assertNoAllocationPerCall(long allocatedBytes) {
    assertTrue(
        allocatedBytes < 64 * 1024,
        () -> allocatedBytes + " bytes allocated by " + ALLOCATION_PROBE_CALLS + " calls");
  }
}
