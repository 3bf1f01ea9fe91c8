package dev.tally.jobs.usage.decode;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link ClusterSamples}: its own serializer ({@link ClusterSamplesSerializer}). */
public final class ClusterSamplesTypeInfo extends TypeInformation<ClusterSamples> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<ClusterSamples> getTypeClass() {
        return ClusterSamples.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<ClusterSamples> createSerializer(SerializerConfig config) {
        return new ClusterSamplesSerializer();
    }

    @Override
    public String toString() {
        return "ClusterSamples";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSamplesTypeInfo;
    }

    @Override
    public int hashCode() {
        return ClusterSamplesTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ClusterSamplesTypeInfo;
    }

    /** Named by {@code @TypeInfo} on {@link ClusterSamples}, so every stream of them uses the serializer. */
    public static final class Factory extends TypeInfoFactory<ClusterSamples> {
        @Override
        public TypeInformation<ClusterSamples> createTypeInfo(Type type, Map<String, TypeInformation<?>> generics) {
            return new ClusterSamplesTypeInfo();
        }
    }
}
