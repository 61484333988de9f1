package io.simwarden.persistence.checkpoint;

import io.simwarden.core.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoint signing key: Ed25519 (the JDK's own), kept in PEM files. The key file holds the private key
 * (PKCS#8) and the public key (X.509), readable by its owner only; the public key file holds the public key alone,
 * for whoever verifies. Neither is ever written to Cassandra: a checkpoint carries the public key, which is why a
 * verifier pins the key it trusts.
 */
public final class CheckpointKeys {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private CheckpointKeys() {}

  /** A new Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    }
  }

  /** Writes {@code key} to {@code keyFile} (owner-only where the file system allows) and its public half apart. */
  public static void write(KeyPair key, Path keyFile, Path publicKeyFile) throws IOException {
    Files.writeString(keyFile, "");
    try {
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the directory's access control applies.
    }
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getPrivate().getEncoded())
        + pem("PUBLIC KEY", key.getPublic().getEncoded()), StandardCharsets.US_ASCII);
    Files.writeString(publicKeyFile, pem("PUBLIC KEY", key.getPublic().getEncoded()), StandardCharsets.US_ASCII);
  }

  /** The key pair in {@code keyFile}; {@code flag} names the option that gave it. */
  public static KeyPair read(Path keyFile, String flag) {
    String text = text(keyFile, flag);
    try {
      KeyFactory ed = KeyFactory.getInstance("Ed25519");
      return new KeyPair(ed.generatePublic(new X509EncodedKeySpec(block(text, "PUBLIC KEY", keyFile, flag))),
          ed.generatePrivate(new PKCS8EncodedKeySpec(block(text, "PRIVATE KEY", keyFile, flag))));
    } catch (GeneralSecurityException e) {
      throw new ValidationException(flag, keyFile + " holds no Ed25519 key pair ('simwarden checkpoint keygen' "
          + "makes one): " + e.getMessage());
    }
  }

  /** The public key in {@code file} (a public key file, or a key file); {@code flag} names the option. */
  public static PublicKey readPublic(Path file, String flag) {
    return decode(Base64.getEncoder().encodeToString(block(text(file, flag), "PUBLIC KEY", file, flag)), flag);
  }

  /** The public key as a checkpoint carries it: X.509 DER, Base64. */
  public static String encode(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** The public key {@link #encode} gave; {@code field} names where it came from. */
  public static PublicKey decode(String base64, String field) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
          Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ValidationException(field, "not an Ed25519 public key: " + e.getMessage());
    }
  }

  private static String text(Path file, String flag) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ValidationException(flag, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static byte[] block(String text, String type, Path file, String flag) {
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
          break;
        }
      }
    }
    throw new ValidationException(flag, file + " has no PEM block '" + type + "' ('simwarden checkpoint keygen' "
        + "writes the key file and the public key file)");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
