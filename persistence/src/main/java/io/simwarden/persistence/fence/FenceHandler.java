package io.simwarden.persistence.fence;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import java.nio.channels.ClosedChannelException;

/**
 * The last gate, at the head of each driver connection's pipeline (next to the socket): requests queue here until the
 * connection flushes, and a flush sends them only while the {@link WriteFence} is open; while it is closed they fail
 * without a byte leaving. So a request the driver had accepted but not yet put on the socket when the node froze
 * is not sent when it runs again: the check and the socket write happen in one call, on the connection's own thread.
 * It cannot tell a read from a write (the bytes are encoded), so it holds both; the session
 * ({@link FencedSession}) has refused new writes by name before they got here.
 */
final class FenceHandler extends ChannelOutboundHandlerAdapter {
  static final String NAME = "simwarden-write-fence";

  private final WriteFence fence;
  private PendingWriteQueue pending;

  FenceHandler(WriteFence fence) {
    this.fence = fence;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    pending = new PendingWriteQueue(ctx);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    pending.add(msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (pending.isEmpty()) {
      ctx.flush();
    } else if (fence.open()) {
      pending.removeAndWriteAll();
      ctx.flush();
    } else {
      pending.removeAndFailAll(fence.refuse(pending.size() + " request(s) already inside the driver"));
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    pending.removeAndFailAll(new ClosedChannelException());
    ctx.close(promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    pending.removeAndFailAll(new ClosedChannelException());
  }
}
