package dev.tally.jobs.rightsizing.signals;

import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.usage.decode.ClusterSamples;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per cluster: {@link ClusterSignals} in keyed state. An event-time timer {@code ownerWait} after
 * each record attributes the signals still waiting for their owner (the cluster may have gone
 * quiet) and forgets what was not seen for {@code forgetAfter}.
 */
public final class ClusterSignalsFunction extends KeyedProcessFunction<String, ClusterSamples, ContainerSignal> {
    private final RightsizingSettings settings;
    private transient ValueState<ClusterSignals> state;

    public ClusterSignalsFunction(RightsizingSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("cluster-signals",
                TypeInformation.of(ClusterSignals.class)));
    }

    @Override
    public void processElement(ClusterSamples samples, Context ctx, Collector<ContainerSignal> out) throws Exception {
        ClusterSignals signals = state.value();
        if (signals == null) {
            signals = new ClusterSignals(settings.ownerWait().toMillis(), settings.maxRateGap().toMillis(),
                    settings.forgetAfter().toMillis());
        }
        signals.accept(samples.cluster(), samples).forEach(out::collect);
        state.update(signals);
        long wait = settings.ownerWait().toMillis();
        // one timer per owner-wait period, however many records
        ctx.timerService().registerEventTimeTimer((samples.maxTimestamp() / wait + 2) * wait);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ContainerSignal> out) throws Exception {
        ClusterSignals signals = state.value();
        if (signals == null) {
            return;
        }
        signals.resolve(ctx.getCurrentKey(), timestamp).forEach(out::collect);
        signals.forgetOld();
        state.update(signals);
    }
}
