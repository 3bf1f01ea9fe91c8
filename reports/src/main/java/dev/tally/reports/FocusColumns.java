package dev.tally.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The FOCUS 1.3 split-cost-allocation columns of one allocation row. Every row of the report is an
 * allocated charge (Tally's allocation split the export's origin charges), so AllocatedMethodId is
 * never null; AllocatedResourceId is null on the unallocated remainder (the buckets {@code __idle__},
 * {@code __shared__}, {@code __unallocated__}).
 *
 * @param serviceName            the export's ServiceName for a resource outside clusters (its workload is
 *                               {@code AzureService}/name); null for cluster rows, which sum several services
 * @param allocatedMethodId      {@code tally-allocation-v1/<category>}: documented in docs/allocation.md per category
 * @param allocatedMethodDetails JSON: {@code {"method": …, "policies": …}} as the allocation recorded them
 * @param allocatedResourceId    {@code <cluster>/<namespace>/<kind>/<name>} (the workload), or {@code <cluster>/<namespace>}; null on buckets
 * @param allocatedResourceName  the workload's name (else the namespace); null on buckets
 * @param allocatedTags          JSON of the owner: {@code {"team": …, "cost-center": …}} (empty values left out); null when none
 * @param idlePolicy             the {@code idle=} part of the policies
 * @param sharedPolicy           the {@code shared=} part of the policies
 */
public record FocusColumns(String serviceName, String allocatedMethodId, String allocatedMethodDetails, String allocatedResourceId,
                           String allocatedResourceName, String allocatedTags, String idlePolicy, String sharedPolicy) {
    public static final String METHOD_PREFIX = "tally-allocation-v1/";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static FocusColumns of(ChargebackRow row) {
        return new FocusColumns(serviceName(row), METHOD_PREFIX + row.category(), methodDetails(row.method(), row.policies()),
                allocatedResourceId(row), allocatedResourceName(row), allocatedTags(row.team(), row.costCenter()),
                policy(row.policies(), "idle"), policy(row.policies(), "shared"));
    }

    static String serviceName(ChargebackRow row) {
        return "AzureService".equals(row.workloadKind()) ? row.workloadName() : null;
    }

    static String methodDetails(String method, String policies) {
        return JSON.createObjectNode().put("method", method).put("policies", policies).toString();
    }

    static String allocatedResourceId(ChargebackRow row) {
        if (row.bucket()) {
            return null;
        }
        return row.cluster() + "/" + row.namespace() + (workload(row) ? "/" + row.workloadKind() + "/" + row.workloadName() : "");
    }

    static String allocatedResourceName(ChargebackRow row) {
        return row.bucket() ? null : workload(row) ? row.workloadName() : row.namespace();
    }

    private static boolean workload(ChargebackRow row) {
        return !row.workloadKind().isEmpty() || !row.workloadName().isEmpty();
    }

    static String allocatedTags(String team, String costCenter) {
        ObjectNode tags = JSON.createObjectNode();
        if (!team.isEmpty()) {
            tags.put("team", team);
        }
        if (!costCenter.isEmpty()) {
            tags.put("cost-center", costCenter);
        }
        return tags.isEmpty() ? null : tags.toString();
    }

    /** {@code idle=NONE shared=BY_REQUESTS …} → the value of one key, "" when absent. */
    static String policy(String policies, String key) {
        for (String part : policies.split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        return "";
    }
}
