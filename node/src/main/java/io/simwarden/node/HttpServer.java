package io.simwarden.node;

import io.simwarden.core.ValidationException;
import io.simwarden.node.api.ApiSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Binds the API on {@code simwarden.http.interface:port} (HTTPS when a PKCS12 keystore is configured) and
 * unbinds it in CoordinatedShutdown, letting requests in flight finish for up to 10 s.
 */
final class HttpServer {
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private HttpServer() {}

  static void start(ActorSystem<?> system, ApiSettings settings, Route route,
      CompletableFuture<InetSocketAddress> bound) {
    ServerBuilder server = Http.get(system).newServerAt(settings.interfaceName(), settings.port());
    if (settings.https()) {
      try {
        server = server.enableHttps(ConnectionContext.httpsServer(sslContext(settings)));
      } catch (ValidationException e) {
        system.log().error("HTTPS cannot start: {}", e.getMessage());
        bound.completeExceptionally(e);
        system.terminate();
        return;
      }
    }
    server.bind(route).whenComplete((binding, error) -> {
      if (error != null) {
        system.log().error("HTTP API could not bind {}:{}: {}", settings.interfaceName(), settings.port(),
            error.getMessage());
        bound.completeExceptionally(error);
        system.terminate();
        return;
      }
      binding.addToCoordinatedShutdown(DRAIN, system);
      NodeStatus.get(system).apiBound(binding.localAddress());
      system.log().info("HTTP API listening on {}", binding.localAddress());
      bound.complete(binding.localAddress());
    });
  }

  private static SSLContext sslContext(ApiSettings settings) {
    String password = System.getenv(settings.keystorePasswordEnv());
    if (password == null) {
      throw new ValidationException("simwarden.http.https.keystore-password-env", "environment variable "
          + settings.keystorePasswordEnv() + " holding the keystore password is not set");
    }
    Path file = Path.of(settings.keystore());
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, password.toCharArray());
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ValidationException("simwarden.http.https.keystore", "cannot load PKCS12 keystore " + file + ": "
          + e.getMessage());
    }
  }
}
