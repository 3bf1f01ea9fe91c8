package dev.tally.jobs.usage.decode;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.usage.series.Labels;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The usable samples of one record that fall into one UTC hour: sample {@code i} is
 * {@code labels.get(i)} at {@code timestamps[i]} with {@code values[i]}.
 *
 * @param maxTimestamp the latest sample's timestamp: the element's event time
 */
@TypeInfo(ClusterSamplesTypeInfo.Factory.class) // Flink ships these with ClusterSamplesSerializer, not Kryo
public record ClusterSamples(String cluster, long hourStartMillis, List<Labels> labels, long[] timestamps,
                             double[] values, long maxTimestamp, SourcePosition position) implements Serializable {
    public int size() {
        return timestamps.length;
    }
}
