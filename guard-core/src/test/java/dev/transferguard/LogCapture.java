package dev.transferguard;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what a logger logs while it is open, for tests that check a failure is reported loudly. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level levelBefore;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        this.levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing the logger of a class. */
    public static LogCapture of(Class<?> source) {
        return new LogCapture((Logger) LoggerFactory.getLogger(source), null);
    }

    /**
     * Starts capturing every logger at every level, the libraries' too (a connection pool, a driver logging through
     * slf4j), for tests that check a secret or an id is in no line at all.
     */
    public static LogCapture everything() {
        return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), Level.ALL);
    }

    /** The messages logged at a level, formatted. */
    public List<String> at(Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** Every message logged, formatted. */
    public List<String> all() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every message logged, with the messages of the exceptions logged with it and their causes. */
    public String allText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent e : appender.list) {
            text.append(e.getFormattedMessage()).append('\n');
            for (ch.qos.logback.classic.spi.IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(levelBefore);
    }
}
