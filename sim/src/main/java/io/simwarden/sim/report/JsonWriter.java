package io.simwarden.sim.report;

import java.util.ArrayDeque;
import java.util.Deque;

/** A minimal streaming JSON writer: objects, arrays, strings, numbers (NaN and infinities as null), booleans. */
final class JsonWriter {

  private final StringBuilder out = new StringBuilder(4096);
  private final Deque<Boolean> first = new ArrayDeque<>();
  private int depth;
  private boolean afterName;

  JsonWriter beginObject() {
    open('{');
    return this;
  }

  JsonWriter endObject() {
    return close('}');
  }

  JsonWriter beginArray() {
    open('[');
    return this;
  }

  JsonWriter endArray() {
    return close(']');
  }

  JsonWriter name(String name) {
    separate();
    newline();
    string(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  JsonWriter value(String s) {
    prefix();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    return this;
  }

  JsonWriter value(long n) {
    prefix();
    out.append(n);
    return this;
  }

  JsonWriter value(double d) {
    prefix();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      out.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      out.append(Math.round(d * 1e6) / 1e6);
    }
    return this;
  }

  JsonWriter value(boolean b) {
    prefix();
    out.append(b);
    return this;
  }

  JsonWriter field(String name, String v) {
    return name(name).value(v);
  }

  JsonWriter field(String name, long v) {
    return name(name).value(v);
  }

  JsonWriter field(String name, double v) {
    return name(name).value(v);
  }

  JsonWriter field(String name, boolean v) {
    return name(name).value(v);
  }

  @Override
  public String toString() {
    return out.append('\n').toString();
  }

  private void open(char c) {
    prefix();
    out.append(c);
    first.push(true);
    depth++;
  }

  private JsonWriter close(char c) {
    boolean empty = first.pop();
    depth--;
    if (!empty) {
      newline();
    }
    out.append(c);
    return this;
  }

  private void prefix() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (!first.isEmpty()) {
      separate();
      newline();
    }
  }

  private void separate() {
    if (!first.isEmpty()) {
      if (!first.peek()) {
        out.append(',');
      }
      first.pop();
      first.push(false);
    }
  }

  private void newline() {
    out.append('\n');
    out.append("  ".repeat(depth));
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
