package io.simwarden.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The tamper-evidence chain of a SIM's journal.
 *
 * <p>{@code chain(n) = SHA-256(chain(n-1) ‖ 0x00 ‖ type ‖ 0x00 ‖ canonical(event n without chain))}, hex
 * encoded, with {@link #GENESIS} before the first event. The canonical encoding is JSON with properties
 * and map keys sorted, nulls omitted, instants as ISO-8601 strings: stable across JVMs and independent of
 * the journal's own serializer, so a verifier can recompute it from any copy of the events.
 */
public final class EventChain {

  /** Chain value "before" the first event of every SIM. */
  public static final String GENESIS = "0".repeat(64);

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private static final HexFormat HEX = HexFormat.of();

  private EventChain() {}

  /** Seals {@code events} (whose chain is not set yet) in order, starting after {@code previous}. */
  public static List<SimEvent> seal(String previous, List<SimEvent> events) {
    List<SimEvent> sealed = new ArrayList<>(events.size());
    String prev = previous;
    for (SimEvent e : events) {
      String chain = next(prev, e);
      sealed.add(e.withChain(chain));
      prev = chain;
    }
    return sealed;
  }

  /** The chain value of {@code event} following {@code previous}; {@code event}'s own chain is ignored. */
  public static String next(String previous, SimEvent event) {
    MessageDigest sha = sha256();
    sha.update(previous.getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) 0);
    sha.update(event.getClass().getSimpleName().getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) 0);
    sha.update(canonical(event));
    return HEX.formatHex(sha.digest());
  }

  /** Whether {@code event.chain()} is the right successor of {@code previous}. */
  public static boolean verifies(String previous, SimEvent event) {
    return next(previous, event).equals(event.chain());
  }

  /** The canonical bytes of {@code event} without its chain value. */
  public static byte[] canonical(SimEvent event) {
    try {
      return CANONICAL.writeValueAsBytes(event.withChain(null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event cannot be encoded canonically: " + event.getClass().getName(), e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
