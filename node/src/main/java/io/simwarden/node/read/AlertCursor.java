package io.simwarden.node.read;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SimTags;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A position in the fleet's alerts: one journal offset (a time-based UUID) per alert tag shard.
 *
 * <p>The alert stream merges {@value SimTags#SHARDS} tag queries that each deliver in their own order, so
 * one UUID cannot say what was delivered: an event of shard 2 may arrive after a later one of shard 0.
 * Resuming each shard after its own last delivered offset loses and repeats nothing. The text form
 * ({@code a1.} + Base64url of the offsets) is the SSE event id and the {@code next} cursor of alert pages.
 */
public record AlertCursor(List<UUID> offsets) {
  private static final String PREFIX = "a1.";
  private static final int BYTES = SimTags.SHARDS * 16;

  public AlertCursor {
    if (offsets.size() != SimTags.SHARDS) {
      throw new IllegalArgumentException("one offset per alert shard expected, got " + offsets.size());
    }
    offsets = List.copyOf(offsets);
  }

  /** The same position in every shard. */
  public static AlertCursor everywhere(UUID offset) {
    List<UUID> all = new ArrayList<>();
    for (int i = 0; i < SimTags.SHARDS; i++) {
      all.add(offset);
    }
    return new AlertCursor(all);
  }

  public UUID offset(int shard) {
    return offsets.get(shard);
  }

  public AlertCursor with(int shard, UUID offset) {
    List<UUID> next = new ArrayList<>(offsets);
    next.set(shard, offset);
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
    for (int i = 0; i < SimTags.SHARDS; i++) {
      UUID u = new UUID(b.getLong(), b.getLong());
      if (u.version() != 1) {
        throw new ValidationException(field, problem);
      }
      offsets.add(u);
    }
    return new AlertCursor(offsets);
  }
}
