package io.simwarden.persistence.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback port checks without a driver: is a port free, and does a CQL server answer on it. */
final class CqlProbe {

  static final String LOOPBACK = "127.0.0.1";

  /** Native protocol v4 OPTIONS request: version, flags, stream id (2 bytes), opcode, body length 0. */
  private static final byte[] OPTIONS_REQUEST = {0x04, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00};

  private static final int RESPONSE_DIRECTION_BIT = 0x80;
  private static final int OPCODE_SUPPORTED = 0x06;

  private CqlProbe() {}

  /**
   * True when the node completes a CQL handshake: it answers OPTIONS with SUPPORTED. Cassandra opens the
   * native port only once it can serve queries, so this is the readiness signal.
   */
  static boolean answersCql(int port, Duration timeout) {
    int millis = Math.toIntExact(timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write(OPTIONS_REQUEST);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] header = in.readNBytes(OPTIONS_REQUEST.length);
      return header.length == OPTIONS_REQUEST.length
          && (header[0] & RESPONSE_DIRECTION_BIT) != 0
          && header[4] == OPCODE_SUPPORTED;
    } catch (IOException e) {
      return false;
    }
  }

  /** True when Cassandra could bind the port on loopback, with the same SO_REUSEADDR that Netty uses. */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
