package dev.tally.bench.e2e;

import dev.tally.common.topics.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Each job's consumer lag on {@code tally.metrics.v1}: the topic's end offsets minus the offsets the
 * job's consumer group committed. A Flink job commits its offsets when a checkpoint completes, so
 * this lag includes up to one checkpoint interval of input even when the job keeps up.
 */
final class ConsumerLag implements AutoCloseable {
    private final Admin admin;
    private final List<String> groups;

    ConsumerLag(String bootstrapServers, List<String> groups) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tally-bench-lag");
        this.admin = Admin.create(props);
        this.groups = List.copyOf(groups);
    }

    /** Records not yet committed, per consumer group (a group that committed nothing yet: everything in the topic). */
    Map<String, Long> recordsBehind() throws Exception {
        String topic = Topic.METRICS.topicName();
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS);
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long behind = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                behind += ends.get(p).offset() - (c == null ? 0 : c.offset());
            }
            lag.put(group, behind);
        }
        return lag;
    }

    @Override
    public void close() {
        admin.close();
    }
}
