package dev.tally.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/** A bounded source of the given elements, in order, for running a job on known input. */
public final class ListSource {
    private ListSource() {
    }

    public static <T> DataGeneratorSource<T> of(List<T> elements, Class<T> type) {
        ArrayList<T> copy = new ArrayList<>(elements);
        GeneratorFunction<Long, T> nth = index -> copy.get(index.intValue());
        return new DataGeneratorSource<>(nth, copy.size(), TypeInformation.of(type));
    }
}
