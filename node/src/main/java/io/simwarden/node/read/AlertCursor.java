package io.simwarden.node.read;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SimTags;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A position in one organisation's alerts: per read-side slice, the journal offset (a time-based UUID) of the last
 * alert of that organisation read from it, or the start of the window for a slice none was read from yet.
 *
 * <p>The alerts-by-org projection files each slice's alerts in its own order, and the slices run independently:
 * an alert of slice 2 may be filed after a later one of slice 0. Resuming each slice after its own last position
 * loses and repeats nothing. A position moves only when an alert of the caller's organisation is read, so the
 * cursor tells nothing about other organisations. The text form ({@code a2.} + Base64url of the offsets) is the
 * SSE event id and the {@code next} cursor of alert pages; clients give it back unchanged.
 */
public record AlertCursor(List<UUID> offsets) {
  private static final String PREFIX = "a2.";
  private static final int BYTES = SimTags.SLICES * 16;

  public AlertCursor {
    if (offsets.size() != SimTags.SLICES) {
      throw new IllegalArgumentException("one offset per slice expected, got " + offsets.size());
    }
    offsets = List.copyOf(offsets);
  }

  /** The same position in every slice. */
  public static AlertCursor everywhere(UUID offset) {
    List<UUID> all = new ArrayList<>();
    for (int i = 0; i < SimTags.SLICES; i++) {
      all.add(offset);
    }
    return new AlertCursor(all);
  }

  public UUID offset(int slice) {
    return offsets.get(slice);
  }

  public AlertCursor with(int slice, UUID offset) {
    List<UUID> next = new ArrayList<>(offsets);
    next.set(slice, offset);
    return new AlertCursor(next);
  }

  public String encode() {
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    for (UUID u : offsets) {
      b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    }
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** Parses a cursor given back by a client; {@code field} names where it came from. */
  public static AlertCursor decode(String field, String text) {
    String problem = "not a cursor of this API (give back an alert's id or a page's 'next' unchanged); got "
        + ValidationException.quote(text);
    if (text == null || !text.startsWith(PREFIX)) {
      throw new ValidationException(field, problem);
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new ValidationException(field, problem);
    }
    if (bytes.length != BYTES) {
      throw new ValidationException(field, problem);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    List<UUID> offsets = new ArrayList<>();
    for (int i = 0; i < SimTags.SLICES; i++) {
      UUID u = new UUID(b.getLong(), b.getLong());
      if (u.version() != 1 || u.variant() != 2) {
        throw new ValidationException(field, problem);
      }
      offsets.add(u);
    }
    return new AlertCursor(offsets);
  }
}
