package io.simwarden.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API over HTTPS from a PKCS12 keystore whose password comes from the environment. */
@ExtendWith(CassandraExtension.class)
class HttpsTest {
  private static final String PASSWORD_ENV = "SIMWARDEN_TEST_KEYSTORE_PASSWORD";

  @Test
  void theApiAnswersOverTlsAndNotInPlainText() throws Exception {
    String password = System.getenv(PASSWORD_ENV);
    Path dir = Path.of("target", "https").toAbsolutePath();
    Path keystore = dir.resolve("node.p12");
    Files.createDirectories(dir);
    Files.deleteIfExists(keystore);
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", password, "-keypass", password)
        .redirectErrorStream(true).start();
    assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));

    Node node = NodeTestKit.startOwnCluster(dir, "https", "simwarden.http.https.keystore = \"" + keystore
        + "\"\nsimwarden.http.https.keystore-password-env = " + PASSWORD_ENV + "\n");
    try {
      int port = node.apiAddress().toCompletableFuture().join().getPort();
      String key = NodeTestKit.createKey(node, Role.VIEWER, "acme", 0);
      HttpClient tls = HttpClient.newBuilder().sslContext(trusting(keystore, password))
          .connectTimeout(Duration.ofSeconds(5)).build();
      new HttpApi(tls, "https://127.0.0.1:" + port).get("/api/v1/sims/" + TestSims.imsi(7000), key)
          .assertProblem(404, "imsi");
      HttpApi plain = new HttpApi("http://127.0.0.1:" + port);
      assertThrows(RuntimeException.class, () -> plain.get("/api/v1/sims/" + TestSims.imsi(7000), key));
    } finally {
      node.stop();
    }
  }

  private static SSLContext trusting(Path keystore, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, password.toCharArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

}
