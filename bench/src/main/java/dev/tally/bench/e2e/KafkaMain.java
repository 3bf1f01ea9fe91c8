package dev.tally.bench.e2e;

import dev.tally.local.kafka.LocalKafka;
import dev.tally.local.kafka.LocalKafkaConfig;
import java.nio.file.Path;

/**
 * The local stack's Kafka broker (KRaft, Tally's topics created) alone in its process, for the
 * end-to-end benchmark: {@code KafkaMain <data dir>}; prints {@code kafka ready <bootstrap servers>}
 * and runs until the process is stopped.
 */
public final class KafkaMain {

    private KafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalKafka kafka = LocalKafka.start(new LocalKafkaConfig(Path.of(args[0]), 0, 0));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-stop"));
        System.out.println("kafka ready " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }
}
