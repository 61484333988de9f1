package io.simwarden.persistence.fence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import com.datastax.oss.driver.internal.core.session.SessionWrapper;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The plugin's Cassandra session with a {@link WriteFence} in front: while the fence is closed, a write fails at
 * once with {@link FencedWriteException}, by name, and is never sent. The check runs when the journal hands a
 * request to the driver, after the journal's own queue and batching; what the driver had already accepted when the
 * fence closed is held by each connection ({@link FenceHandler}). (The driver's manual extends sessions this way,
 * from {@link SessionWrapper}.)
 */
final class FencedSession extends SessionWrapper implements CqlSession {
  private final WriteFence fence;

  FencedSession(CqlSession delegate, WriteFence fence) {
    super(delegate);
    this.fence = fence;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <RequestT extends Request, ResultT> ResultT execute(RequestT request, GenericType<ResultT> resultType) {
    if (!fence.open()) {
      Optional<String> write = CqlWrites.written(request);
      if (write.isPresent()) {
        FencedWriteException refused = fence.refuse(write.get());
        if (resultType.equals(Statement.ASYNC)) {
          return (ResultT) CompletableFuture.failedFuture(refused);
        }
        throw refused;
      }
    }
    return super.execute(request, resultType);
  }
}
