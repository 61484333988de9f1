package io.simwarden.persistence.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.simwarden.core.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checkpoints and proofs as JSON files: instants as ISO-8601, hashes as hex, keys and signatures as Base64. */
public final class CheckpointJson {

  /** An exported checkpoint: the signed checkpoint and every SIM's leaf, by IMSI. */
  public record Export(Checkpoint checkpoint, List<CheckpointLeaf> leaves) {}

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
      .configure(SerializationFeature.INDENT_OUTPUT, true)
      .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
      .configure(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, true)
      .build();

  private CheckpointJson() {}

  /** {@code value} as indented JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON of " + value.getClass().getName(), e);
    }
  }

  /** The {@code type} in JSON file {@code file}; {@code flag} names the option that gave it. */
  public static <T> T read(Path file, Class<T> type, String flag) {
    try {
      T value = MAPPER.readValue(Files.readString(file), type);
      if (value == null) {
        throw new ValidationException(flag, file + " is empty");
      }
      return value;
    } catch (IOException e) {
      throw new ValidationException(flag, "cannot read " + file + " as a " + type.getSimpleName() + " (JSON): "
          + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
