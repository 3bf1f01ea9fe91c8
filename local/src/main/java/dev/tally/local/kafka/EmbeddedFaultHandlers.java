package dev.tally.local.kafka;

import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.FaultHandlerException;
import org.apache.kafka.server.fault.LoggingFaultHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What the embedded broker does about faults. A standalone Kafka halts the JVM on a fatal fault
 * (its metadata can no longer be trusted); here the JVM also runs Flink, the CLI and the tests, so a
 * fatal fault is logged, remembered, and surfaced by {@link LocalKafka#close()} instead.
 */
final class EmbeddedFaultHandlers implements FaultHandlerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFaultHandlers.class);

    private final AtomicReference<FaultHandlerException> firstFatalFault = new AtomicReference<>();

    @Override
    public FaultHandler build(String name, boolean fatal, Runnable action) {
        if (!fatal) {
            return new LoggingFaultHandler(name, action);
        }
        return (failureMessage, cause) -> {
            LOG.error("event=kafka_fatal_fault handler={} failure=\"{}\": the embedded Kafka is unusable; restart the local stack",
                    name, failureMessage, cause);
            FaultHandlerException fault = new FaultHandlerException(name + ": " + failureMessage, cause);
            firstFatalFault.compareAndSet(null, fault);
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("event=kafka_fatal_fault_action_failed handler={}", name, e);
            }
            return fault;
        };
    }

    /** The first fatal fault seen, or null. */
    FaultHandlerException firstFatalFault() {
        return firstFatalFault.get();
    }
}
