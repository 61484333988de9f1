package io.simwarden.node.api;

import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;
import java.time.Duration;

/**
 * The HTTP API's settings, read once from {@code simwarden.http} (see {@code simwarden-node.conf}).
 *
 * @param interfaceName       address to bind
 * @param port                port to bind; 0 picks a free one
 * @param keystore            PKCS12 keystore for HTTPS; empty for plain HTTP
 * @param keystorePasswordEnv environment variable holding the keystore password
 * @param maxBody             largest JSON body of a single request
 * @param bulkMaxBody         largest NDJSON body of a bulk request
 * @param bulkMaxLine         longest line of a bulk request
 * @param bulkParallelism     SIM commands in flight per bulk request
 * @param bulkAskTimeout      how long a bulk line waits for its SIM (cold shards are slow to start)
 * @param ratePerSecond       requests per second per API key on this node (keys may set their own)
 * @param burstSeconds        seconds' worth of requests a key may send at once
 * @param keyCacheTtl         how long a node trusts what it read about a key (revocation delay)
 * @param keyCacheSize        key ids cached per node
 * @param sseHeartbeat        interval of keep-alive comments on the alert stream
 * @param alertsWindow        how far back alert pages start without {@code since}
 * @param alertsMaxPage       largest {@code limit} of an alert or event page
 * @param alertsHistory       how far back alert pages read at most (older {@code since} and cursors start there)
 * @param alertsPoll          how often the alert stream looks for new alerts of the caller's organisation
 */
public record ApiSettings(String interfaceName, int port, String keystore, String keystorePasswordEnv, long maxBody,
    long bulkMaxBody, int bulkMaxLine, int bulkParallelism, Duration bulkAskTimeout, int ratePerSecond, double burstSeconds,
    Duration keyCacheTtl, int keyCacheSize, Duration sseHeartbeat, Duration alertsWindow, int alertsMaxPage,
    Duration alertsHistory, Duration alertsPoll) {

  public ApiSettings {
    if (port < 0 || port > 65535) {
      throw new ValidationException("simwarden.http.port", "must be 0-65535, got " + port);
    }
    if (bulkMaxLine < 1024 || bulkMaxLine > 16 * 1024 * 1024) {
      throw new ValidationException("simwarden.http.bulk.max-line", "must be 1k-16m, got " + bulkMaxLine);
    }
    if (bulkParallelism < 1 || bulkParallelism > 4096) {
      throw new ValidationException("simwarden.http.bulk.parallelism", "must be 1-4096, got " + bulkParallelism);
    }
    if (ratePerSecond < 1) {
      throw new ValidationException("simwarden.http.rate-limit.per-second", "must be positive, got " + ratePerSecond);
    }
    if (alertsMaxPage < 1) {
      throw new ValidationException("simwarden.http.alerts.max-page", "must be positive, got " + alertsMaxPage);
    }
    if (alertsHistory.compareTo(Duration.ofDays(1)) < 0 || alertsHistory.compareTo(Duration.ofDays(366)) > 0) {
      throw new ValidationException("simwarden.http.alerts.history", "must be 1d-366d, got " + alertsHistory);
    }
    if (alertsPoll.compareTo(Duration.ofMillis(100)) < 0 || alertsPoll.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new ValidationException("simwarden.http.alerts.stream-poll", "must be 100ms-10s, got " + alertsPoll);
    }
  }

  public static ApiSettings fromConfig(Config root) {
    Config c = root.getConfig("simwarden.http");
    return new ApiSettings(c.getString("interface"), c.getInt("port"), c.getString("https.keystore"),
        c.getString("https.keystore-password-env"), c.getBytes("max-body"), c.getBytes("bulk.max-body"),
        c.getBytes("bulk.max-line").intValue(), c.getInt("bulk.parallelism"), c.getDuration("bulk.ask-timeout"),
        c.getInt("rate-limit.per-second"),
        c.getDouble("rate-limit.burst-seconds"), c.getDuration("auth.cache-ttl"), c.getInt("auth.cache-size"),
        c.getDuration("sse.heartbeat"), c.getDuration("alerts.default-window"), c.getInt("alerts.max-page"),
        c.getDuration("alerts.history"), c.getDuration("alerts.stream-poll"));
  }

  public boolean https() {
    return !keystore.isBlank();
  }
}
