package io.simwarden.persistence.forensics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON of forensic results: instants as ISO-8601 strings, value types as their text. */
public final class ForensicsJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
      .build();

  private ForensicsJson() {}

  /** One event with who, what and why, and the event itself. */
  public static Map<String, Object> event(Recorded r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("imsi", r.imsi());
    m.put("seqNr", r.seqNr());
    m.put("at", r.event().at());
    m.put("who", EventNarrative.who(r.event()));
    m.put("what", EventNarrative.what(r.event()));
    m.put("why", EventNarrative.why(r.event()));
    m.put("event", r.event());
    return m;
  }

  /** {@code value} on one line. */
  public static String line(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON of " + value.getClass().getName(), e);
    }
  }

  /** {@code value} indented, for files and documents. */
  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON of " + value.getClass().getName(), e);
    }
  }
}
