package io.simwarden.node;

import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** Lets tests of other packages call the package-private parts of the node's routes. */
public final class NodeRoutesAccess {
  private NodeRoutesAccess() {}

  public static HttpResponse timedOut(HttpRequest request) {
    return NodeRoutes.timedOut(request);
  }
}
