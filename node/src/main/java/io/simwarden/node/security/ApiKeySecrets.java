package io.simwarden.node.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * API key tokens and their hashes. A token is {@code <keyId>.<secret>}: a 12-character public id and a
 * secret of 256 random bits (43 characters of Base64url). Only {@code SHA-256(salt ‖ secret)} with a
 * 16-byte random salt per key is stored, and hashes are compared in constant time.
 *
 * <p>A plain salted SHA-256 is enough here, unlike for passwords: the secret is random and 256 bits long,
 * so the hash cannot be searched, and a slow key-derivation function would only add latency to every
 * request whose key is not cached.
 */
public final class ApiKeySecrets {
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int ID_LENGTH = 12;
  private static final int SECRET_BYTES = 32;
  private static final int SALT_BYTES = 16;
  private static final Pattern KEY_ID = Pattern.compile("[a-z2-7]{" + ID_LENGTH + "}");
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

  private ApiKeySecrets() {}

  /** A freshly generated key, its secret still in the clear. */
  public record NewToken(String keyId, String secret, String salt, String hash) {
    public String token() {
      return keyId + "." + secret;
    }
  }

  /** A token split into its parts; the secret has not been checked against anything yet. */
  public record Presented(String keyId, String secret) {}

  public static NewToken generate(SecureRandom random) {
    StringBuilder id = new StringBuilder(ID_LENGTH);
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    byte[] secretBytes = new byte[SECRET_BYTES];
    random.nextBytes(secretBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new NewToken(id.toString(), secret, Base64.getEncoder().encodeToString(salt), hash(salt, secret));
  }

  /** Splits {@code <keyId>.<secret>}; {@code null} when the text cannot be a token at all. */
  public static Presented parse(String token) {
    if (token == null) {
      return null;
    }
    int dot = token.indexOf('.');
    if (dot < 0) {
      return null;
    }
    String keyId = token.substring(0, dot);
    String secret = token.substring(dot + 1);
    return KEY_ID.matcher(keyId).matches() && SECRET.matcher(secret).matches() ? new Presented(keyId, secret) : null;
  }

  /** Whether a key id is well-formed (for the command line). */
  public static boolean isKeyId(String keyId) {
    return keyId != null && KEY_ID.matcher(keyId).matches();
  }

  /** Whether {@code secret} is the secret of the stored key, compared in constant time. */
  public static boolean matches(ApiKey.State key, String secret) {
    byte[] expected = Base64.getDecoder().decode(key.hash());
    byte[] actual = Base64.getDecoder().decode(hash(Base64.getDecoder().decode(key.salt()), secret));
    return MessageDigest.isEqual(expected, actual);
  }

  private static String hash(byte[] salt, String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      sha.update(secret.getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
