package io.simwarden.node;

import io.simwarden.core.CommonPool;
import io.simwarden.node.cli.NodeCommand;
import picocli.CommandLine;

/** {@code java io.simwarden.node.Main --config local1.conf}: a cluster node, as {@code simwarden node} starts it. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommonPool.ensure();
    System.exit(NodeCommand.commandLine().execute(args));
  }
}
