package dev.tally.local.fleet.costs;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One priced row of the simulated export, before it is written in a layout: both costs, so the
 * EA actual view writes {@link #billedCost}, the EA amortized view {@link #effectiveCost}, FOCUS both.
 *
 * @param cluster          null for rows of no cluster (a reservation's purchase and unused hours)
 * @param quantity         in the meter's unit
 * @param listUnitPrice    pay-as-you-go price per unit
 * @param effectiveUnitPrice the amortized price per unit (the reservation's rate on reserved rows)
 * @param additionalInfo   EA {@code AdditionalInfo} / FOCUS {@code x_SkuDetails}; values are strings or numbers
 * @param node             the Kubernetes node of a VM or OS-disk row, else null
 */
public record CostRow(LocalDate day, String cluster, Kind kind, String subscriptionId, String subscriptionName,
                      String resourceGroup, String resourceId, String resourceName, Meter meter, ChargeType chargeType,
                      BigDecimal quantity, BigDecimal listUnitPrice, BigDecimal effectiveUnitPrice,
                      BigDecimal billedCost, BigDecimal effectiveCost, BigDecimal listCost, Reservation reservation,
                      Map<String, Object> additionalInfo, Map<String, String> tags, String node) {

    public enum Kind { VM, OS_DISK, VOLUME_DISK, LOAD_BALANCER, OUTBOUND_IP, SERVICE_IP, UPTIME_SLA,
        UNUSED_RESERVATION, RESERVATION_PURCHASE }

    /** EA's {@code ChargeType}. */
    public enum ChargeType {
        USAGE("Usage"), UNUSED_RESERVATION("UnusedReservation"), PURCHASE("Purchase");

        private final String text;

        ChargeType(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public CostRow {
        additionalInfo = Collections.unmodifiableMap(new LinkedHashMap<>(additionalInfo));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** Usage the reservation paid for (reserved VM hours): billed at purchase, never again. */
    public boolean reservedUsage() {
        return reservation != null && chargeType == ChargeType.USAGE;
    }
}
