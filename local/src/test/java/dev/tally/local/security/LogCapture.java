package dev.tally.local.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the process writes while open: every log4j2 event (messages, arguments and stack traces, dev.tally at
 * DEBUG, other libraries at their configured level) and anything printed straight to stdout/stderr (also still
 * printed).
 */
final class LogCapture implements AutoCloseable {

    private final StringWriter logs = new StringWriter();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;
    private final Level tallyLevel;

    LogCapture() {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("secrets-capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m%n%throwable").withConfiguration(config).build())
                .build();
        appender.start();
        config.addAppender(appender);
        LoggerConfig tally = config.getLoggerConfig("dev.tally");
        tallyLevel = tally.getLevel();
        tally.setLevel(Level.DEBUG);
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.addAppender(appender, Level.ALL, null);
        }
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        System.setOut(new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, printed), true, StandardCharsets.UTF_8));
    }

    /** All captured text so far. */
    synchronized String text() {
        return logs + "\n" + printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.removeAppender(appender.getName());
        }
        config.getRootLogger().removeAppender(appender.getName());
        config.getLoggerConfig("dev.tally").setLevel(tallyLevel);
        context.updateLoggers();
        appender.stop();
    }

    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(java.io.OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }
    }
}
