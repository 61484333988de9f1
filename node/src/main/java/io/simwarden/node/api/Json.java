package io.simwarden.node.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.simwarden.core.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;

/**
 * JSON at the HTTP edge: one strict {@link ObjectMapper} (unknown fields, duplicate keys, trailing data,
 * numbers for strings and the like are errors) and the translation of every way a body can be wrong into
 * a 400 problem that names the field, as a path like {@code profile.firewallRules[2].remote}.
 */
public final class Json {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new Jdk8Module())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
          DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
          DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
          JsonInclude.Include.NON_NULL))
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(32).maxStringLength(65_536).maxNumberLength(40).build());
    // A number or boolean where text is expected is a mistake, not something to convert silently.
    MAPPER.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  public static final ContentType PROBLEM =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
  public static final MediaType.WithFixedCharset NDJSON_MEDIA =
      MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8);
  public static final ContentType NDJSON = ContentTypes.create(NDJSON_MEDIA);

  private Json() {}

  public static HttpResponse response(StatusCode status, ContentType contentType, Object body) {
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(contentType, bytes(body)));
  }

  public static HttpResponse ok(Object body) {
    return response(org.apache.pekko.http.javadsl.model.StatusCodes.OK, ContentTypes.APPLICATION_JSON, body);
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** Reads a whole body as {@code type}; every problem with it is an {@link ApiProblem} naming the field. */
  public static <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw ApiProblem.invalid("body", "a JSON object is required, the body is empty");
    }
    requireUtf8(body);
    T value;
    try {
      value = MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw problemOf(e);
    } catch (ValidationException e) {
      throw ApiProblem.invalid(e.field(), e.problem());
    }
    if (value == null) {
      throw ApiProblem.invalid("body", "a JSON object is required, got null");
    }
    return value;
  }

  /**
   * Refuses the encodings Jackson would otherwise detect and accept: a UTF-16 or UTF-32 byte order mark, or the
   * zero bytes of UTF-16/32 text without one (a JSON text in UTF-8 has no zero byte outside a string's escape).
   * Malformed UTF-8 itself is reported by the parser.
   */
  static void requireUtf8(byte[] body) {
    int b0 = body[0] & 0xff;
    int b1 = body.length > 1 ? body[1] & 0xff : -1;
    if ((b0 == 0xfe && b1 == 0xff) || (b0 == 0xff && b1 == 0xfe)) {
      throw ApiProblem.notUtf8("the body starts with a UTF-16 or UTF-32 byte order mark; send JSON in UTF-8 (RFC 8259)");
    }
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        throw ApiProblem.notUtf8("the body has zero bytes, as UTF-16 or UTF-32 text has; send JSON in UTF-8 (RFC 8259)");
      }
    }
  }

  static ApiProblem problemOf(IOException e) {
    if (e instanceof StreamConstraintsException) {
      return ApiProblem.invalid("body", e.getMessage());
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return ApiProblem.invalid(path(u), "unknown field '" + u.getPropertyName() + "'; known fields: "
          + u.getKnownPropertyIds());
    }
    if (e instanceof ValueInstantiationException v) {
      ValidationException cause = validationCause(v);
      if (cause != null) {
        return ApiProblem.invalid(fieldOf(v, cause), cause.problem());
      }
      return ApiProblem.invalid(path(v), "not a valid " + v.getType().getRawClass().getSimpleName());
    }
    if (e instanceof InvalidFormatException f) {
      Class<?> target = f.getTargetType();
      String expected = target != null && target.isEnum()
          ? "one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
              .collect(Collectors.joining(", ", "[", "]"))
          : "a valid " + (target == null ? "value" : target.getSimpleName());
      return ApiProblem.invalid(path(f), ValidationException.quote(String.valueOf(f.getValue())) + " is not "
          + expected);
    }
    if (e instanceof MismatchedInputException m) {
      String path = path(m);
      String expected = m.getTargetType() == null ? "another JSON type" : describe(m.getTargetType());
      return ApiProblem.invalid(path, "expected " + expected + " (" + m.getOriginalMessage().lines().findFirst()
          .orElse("") + ")");
    }
    if (e instanceof JsonMappingException m) {
      ValidationException cause = validationCause(m);
      if (cause != null) {
        return ApiProblem.invalid(join(rawPath(m), cause.field()), cause.problem());
      }
      return ApiProblem.invalid(path(m), m.getOriginalMessage());
    }
    if (e instanceof StreamReadException r) {
      String where = r.getLocation() == null ? "" : " at line " + r.getLocation().getLineNr() + ", column "
          + r.getLocation().getColumnNr();
      // A value that cannot be read (a number too large, a repeated key) is named; a broken document is "body".
      String field = "body";
      JsonParser p = r.getProcessor();
      if (!(r instanceof JsonEOFException) && p != null && p.getParsingContext() != null && !pathOf(p).isEmpty()) {
        field = pathOf(p);
      }
      return ApiProblem.invalid(field, "malformed JSON" + where + ": " + r.getOriginalMessage().lines().findFirst()
          .orElse(""));
    }
    return ApiProblem.invalid("body", "unreadable JSON: " + e.getMessage());
  }

  /**
   * The field a validation failure inside Jackson names. A value type built from one JSON scalar (an IMSI,
   * a CIDR) failed at exactly the path Jackson reports. A record failed after reading its whole object: the
   * exception names the record's own property, which goes under the object's path once, even when core
   * already prefixes it with the object's usual name ({@code profile.name} for a profile at {@code profile}).
   */
  private static String fieldOf(ValueInstantiationException e, ValidationException cause) {
    String path = rawPath(e);
    Class<?> type = e.getType().getRawClass();
    if (isValueType(type) && !path.isEmpty()) {
      return path;
    }
    String field = cause.field();
    int dot = field.indexOf('.');
    if (dot > 0) {
      String first = field.substring(0, dot);
      // Core names a record's fields after where the record usually sits ("profile.name"); in the body the
      // record sits at `path`, or is the body itself.
      boolean own = type.isRecord() && java.util.Arrays.stream(type.getRecordComponents())
          .anyMatch(c -> c.getName().equals(first));
      if (!own && (path.isEmpty() || path.endsWith(first))) {
        field = field.substring(dot + 1);
      }
    }
    return join(path, field);
  }

  /** A type Jackson builds from one JSON scalar through a {@code @JsonCreator} factory (Imsi, Cidr, ...). */
  private static boolean isValueType(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .anyMatch(m -> m.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class));
  }

  private static ValidationException validationCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ValidationException v) {
        return v;
      }
    }
    return null;
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
  }

  private static String path(JsonMappingException e) {
    String path = rawPath(e);
    return path.isEmpty() ? "body" : path;
  }

  /** Jackson's path as {@code a.b[2].c}; empty at the document's root. */
  private static String rawPath(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String pathOf(JsonParser p) {
    java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
    for (var c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.push("[" + c.getCurrentIndex() + "]");
      } else if (c.getCurrentName() != null) {
        segments.push(c.getCurrentName());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String segment : segments) {
      if (b.length() > 0 && !segment.startsWith("[")) {
        b.append('.');
      }
      b.append(segment);
    }
    return b.toString();
  }

  private static String describe(Class<?> type) {
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
          .collect(Collectors.joining(", ", "[", "]"));
    }
    if (type == String.class || isValueType(type)) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a JSON array";
    }
    return "a JSON object (" + type.getSimpleName() + ")";
  }
}
