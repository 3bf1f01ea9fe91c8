package dev.tally.jobs.usage.series;

import dev.tally.jobs.serialization.OwnSerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link HourBucket}: its own serializer ({@link HourBucketSerializer}). */
public final class HourBucketTypeInfo extends OwnSerializerTypeInfo<HourBucket> {
    private static final long serialVersionUID = 1L;

    public HourBucketTypeInfo() {
        super(HourBucket.class);
    }

    @Override
    public TypeSerializer<HourBucket> createSerializer(SerializerConfig config) {
        return HourBucketSerializer.INSTANCE;
    }

    /** Named by {@code @TypeInfo} on {@link HourBucket}, so the usage job's state uses the serializer. */
    public static final class Factory extends TypeInfoFactory<HourBucket> {
        @Override
        public TypeInformation<HourBucket> createTypeInfo(Type type, Map<String, TypeInformation<?>> generics) {
            return new HourBucketTypeInfo();
        }
    }
}
