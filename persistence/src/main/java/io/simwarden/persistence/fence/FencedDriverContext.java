package io.simwarden.persistence.fence;

import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.session.ProgrammaticArguments;
import com.datastax.oss.driver.internal.core.context.DefaultDriverContext;
import com.datastax.oss.driver.internal.core.context.DefaultNettyOptions;
import com.datastax.oss.driver.internal.core.context.NettyOptions;
import io.netty.channel.Channel;

/**
 * The driver's default context, with a {@link FenceHandler} put at the head of every connection it opens. (The
 * driver's manual customises connections this way, through {@code NettyOptions.afterChannelInitialized}.)
 */
final class FencedDriverContext extends DefaultDriverContext {
  private final WriteFence fence;

  FencedDriverContext(DriverConfigLoader configLoader, ProgrammaticArguments arguments, WriteFence fence) {
    super(configLoader, arguments);
    this.fence = fence;
  }

  @Override
  protected NettyOptions buildNettyOptions() {
    return new DefaultNettyOptions(this) {
      @Override
      public void afterChannelInitialized(Channel channel) {
        super.afterChannelInitialized(channel);
        channel.pipeline().addFirst(FenceHandler.NAME, new FenceHandler(fence));
      }
    };
  }
}
