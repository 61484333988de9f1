package io.simwarden.core.policy;

import io.simwarden.core.ValidationException;
import java.util.regex.Pattern;

/** Validation of firmware version strings (free-form, but printable and bounded). */
public final class FirmwareVersions {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+\\-]{0,63}");

  private FirmwareVersions() {}

  /** Returns the trimmed version or throws naming {@code field}. */
  public static String check(String field, String version) {
    if (version == null || version.isBlank()) {
      throw new ValidationException(field, "required, e.g. \"2.4.1\"");
    }
    String trimmed = version.trim();
    if (!VALID.matcher(trimmed).matches()) {
      throw new ValidationException(field, "must be 1-64 characters of letters, digits, '.', '_', '+' or '-', "
          + "starting with a letter or digit; got " + ValidationException.quote(version));
    }
    return trimmed;
  }
}
