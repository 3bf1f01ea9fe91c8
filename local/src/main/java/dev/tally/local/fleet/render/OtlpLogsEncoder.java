package dev.tally.local.fleet.render;

import dev.tally.local.fleet.model.Noise;
import dev.tally.local.fleet.sim.ContainerPlan;
import dev.tally.local.fleet.sim.LogModel;
import dev.tally.local.fleet.sim.PodPlan;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.List;

import static dev.tally.local.fleet.render.OtlpMetricsEncoder.attribute;

/**
 * Container logs as a node's OpenTelemetry Collector ships them: the filelog receiver's
 * container parser (attributes {@code log.iostream}, {@code logtag}, {@code log.file.path}) and
 * the k8sattributes processor (resource attributes {@code k8s.namespace.name}, {@code k8s.pod.name},
 * {@code k8s.pod.uid}, {@code k8s.container.name}, {@code k8s.container.restart_count},
 * {@code k8s.node.name}, the workload's {@code k8s.deployment.name}/{@code k8s.statefulset.name}/…),
 * plus {@code k8s.cluster.name}. One resource per container run that wrote in the interval.
 */
public final class OtlpLogsEncoder {

    private static final long SALT_BODY = 0x424F4459L;

    private OtlpLogsEncoder() {
    }

    public static ExportLogsServiceRequest encode(String cluster, List<LogSegment> segments) {
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        for (LogSegment s : segments) {
            ContainerPlan c = s.container();
            int n = LogModel.records(c, s.intervalStart(), s.seconds());
            if (n == 0) {
                continue;
            }
            PodPlan pod = s.pod();
            String path = "/var/log/pods/" + pod.namespaceName() + "_" + pod.name() + "_" + pod.uid() + "/" + c.name()
                    + "/" + s.run() + ".log";
            ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(InstrumentationScope.getDefaultInstance());
            for (int i = 0; i < n; i++) {
                long time = LogModel.timeUnixNano(c, s.intervalStart(), s.segmentStart(), s.seconds(), i, n);
                LogModel.Severity severity = LogModel.severity(c, s.intervalStart(), i);
                int length = LogModel.bodyBytes(c, s.intervalStart(), i);
                String body = LogLines.body(c, time, severity, Noise.hash(c.key(), SALT_BODY, s.intervalStart(), i), length);
                scope.addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(time)
                        // the collector tails the file every 200 ms
                        .setObservedTimeUnixNano(time + 200_000_000L)
                        .setSeverityNumber(SeverityNumber.forNumber(severity.number()))
                        .setSeverityText(severity.name())
                        .setBody(AnyValue.newBuilder().setStringValue(body))
                        .addAttributes(attribute("log.iostream", severity.stream()))
                        .addAttributes(attribute("logtag", "F"))
                        .addAttributes(attribute("log.file.path", path)));
            }
            request.addResourceLogs(ResourceLogs.newBuilder().setResource(resource(cluster, pod, c, s.run()))
                    .addScopeLogs(scope));
        }
        return request.build();
    }

    private static Resource resource(String cluster, PodPlan pod, ContainerPlan c, int run) {
        Resource.Builder r = Resource.newBuilder()
                .addAttributes(attribute("k8s.cluster.name", cluster))
                .addAttributes(attribute("k8s.namespace.name", pod.namespaceName()))
                .addAttributes(attribute("k8s.pod.name", pod.name()))
                .addAttributes(attribute("k8s.pod.uid", pod.uid()))
                .addAttributes(attribute("k8s.container.name", c.name()))
                .addAttributes(attribute("k8s.container.restart_count", Integer.toString(run)))
                .addAttributes(attribute("k8s.node.name", pod.node().name()));
        String workload = pod.workload().name();
        switch (pod.workload().kind()) {
            case "Deployment" -> r.addAttributes(attribute("k8s.replicaset.name", pod.ownerName()))
                    .addAttributes(attribute("k8s.deployment.name", workload));
            case "StatefulSet" -> r.addAttributes(attribute("k8s.statefulset.name", workload));
            case "DaemonSet" -> r.addAttributes(attribute("k8s.daemonset.name", workload));
            case "CronJob" -> r.addAttributes(attribute("k8s.job.name", pod.ownerName()))
                    .addAttributes(attribute("k8s.cronjob.name", workload));
            default -> throw new IllegalStateException(pod.workload().kind());
        }
        return r.build();
    }
}
