package dev.tally.local.fleet.truth;

import java.time.Instant;

/**
 * One container of one pod instance during the hour starting at {@code hour}. The pod uid is
 * part of the key: a StatefulSet pod keeps its name across rollouts, but not its uid.
 */
public record ContainerHour(String cluster, String namespace, String pod, String podUid, String container,
                            Instant hour) {
}
