package io.simwarden.persistence.cassandra;

import io.simwarden.persistence.cli.CassandraCommand;
import picocli.CommandLine;

/**
 * {@code start|stop|status [options]} for scripts and {@code mvn exec:java}; the same command as
 * {@code simwarden cassandra}.
 */
public final class LocalCassandraMain {

  private LocalCassandraMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new CassandraCommand()).execute(args));
  }
}
