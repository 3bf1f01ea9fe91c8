package dev.tally.local.fleet.costs;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A reserved VM instance bought for one node pool: {@code instances} VMs of the pool's size,
 * paid monthly over {@code termMonths} from {@code start}. Covers the pool's VMs (up to
 * {@code instances} at a time: the export refuses a pool that can run more, since splitting an
 * hour between reserved and pay-as-you-go VMs is not modelled) on every day of the term.
 *
 * @param hourlyRate the reservation's effective price per instance-hour (what the amortized view charges)
 */
public record Reservation(String cluster, String pool, int instances, BigDecimal hourlyRate, LocalDate start,
                          int termMonths, String orderId, String reservationId, String name) {

    /** Azure's monthly reservation price is the hourly rate × 730 hours (8,760 / 12). */
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

    public Reservation {
        if (instances < 1 || termMonths < 1 || hourlyRate.signum() <= 0) {
            throw new IllegalArgumentException("bad reservation " + name);
        }
    }

    public boolean covers(LocalDate day) {
        return !day.isBefore(start) && day.isBefore(start.plusMonths(termMonths));
    }

    /** What each monthly purchase row bills: rate × instances × 730. */
    public BigDecimal monthlyPayment() {
        return hourlyRate.multiply(BigDecimal.valueOf(instances)).multiply(HOURS_PER_MONTH);
    }

    /** The days in {@code [from, to)} on which a monthly payment is billed (the start's day of the month). */
    public List<LocalDate> paymentDays(LocalDate from, LocalDate to) {
        List<LocalDate> out = new ArrayList<>();
        for (int m = 0; m < termMonths; m++) {
            LocalDate d = start.plusMonths(m);
            if (!d.isBefore(from) && d.isBefore(to)) {
                out.add(d);
            }
        }
        return out;
    }

    /** {@code /providers/Microsoft.Capacity/reservationOrders/<order>/reservations/<id>}: the benefit id. */
    public String benefitId() {
        return "/providers/Microsoft.Capacity/reservationOrders/" + orderId + "/reservations/" + reservationId;
    }

    /** The reservation order's id, what purchase rows name as their resource. */
    public String orderResourceId() {
        return "/providers/Microsoft.Capacity/reservationOrders/" + orderId;
    }

    public String termText() {
        return termMonths % 12 == 0 ? (termMonths / 12) + (termMonths == 12 ? " Year" : " Years") : termMonths + " Months";
    }
}
