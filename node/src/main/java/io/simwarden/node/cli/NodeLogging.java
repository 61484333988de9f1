package io.simwarden.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The node's log on standard error: INFO and up unless {@code SIMWARDEN_LOG_LEVEL} says otherwise (cluster
 * membership, shard allocation and journal events are logged at INFO), as text or as one JSON object per line for log
 * shippers. The other verbs keep the command line's quieter default (warnings only, {@code logback.xml}).
 */
final class NodeLogging {

  enum Format { text, json }

  static final String LEVEL_VARIABLE = "SIMWARDEN_LOG_LEVEL";
  static final String DEFAULT_LEVEL = "INFO";

  private NodeLogging() {}

  /** The level for the node: {@code variable} when it names one, else {@link #DEFAULT_LEVEL}. */
  static Level level(String variable) {
    return Level.toLevel(variable == null || variable.isBlank() ? DEFAULT_LEVEL : variable.strip(), Level.INFO);
  }

  /** Replaces the root logger's appenders with one console appender in {@code format} at {@code level}. */
  static void configure(Format format, Level level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("node-" + format);
    console.setTarget("System.err");
    console.setEncoder(encoder(format, context));
    console.start();
    root.detachAndStopAllAppenders();
    root.addAppender(console);
    root.setLevel(level);
  }

  private static Encoder<ILoggingEvent> encoder(Format format, LoggerContext context) {
    if (format == Format.json) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%date{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{24} - %msg%n");
    text.start();
    return text;
  }
}
