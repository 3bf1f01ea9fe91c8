package dev.tally.jobs.usage.decode;

import dev.tally.jobs.serialization.OwnSerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link ClusterSamples}: its own serializer ({@link ClusterSamplesSerializer}, one per task). */
public final class ClusterSamplesTypeInfo extends OwnSerializerTypeInfo<ClusterSamples> {
    private static final long serialVersionUID = 1L;

    public ClusterSamplesTypeInfo() {
        super(ClusterSamples.class);
    }

    @Override
    public TypeSerializer<ClusterSamples> createSerializer(SerializerConfig config) {
        return new ClusterSamplesSerializer();
    }

    /** Named by {@code @TypeInfo} on {@link ClusterSamples}, so every stream of them uses the serializer. */
    public static final class Factory extends TypeInfoFactory<ClusterSamples> {
        @Override
        public TypeInformation<ClusterSamples> createTypeInfo(Type type, Map<String, TypeInformation<?>> generics) {
            return new ClusterSamplesTypeInfo();
        }
    }
}
