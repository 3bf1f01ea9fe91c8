package dev.tally.local.fleet.costs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.format.CostExportFormat;
import dev.tally.ingest.costs.normalize.AksResourceKind;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostReadResult;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.normalize.KubernetesHints;
import dev.tally.jobs.allocation.nodes.AksNodeNames;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.costs.ExpectedCosts.Amount;
import dev.tally.local.fleet.costs.ExpectedCosts.ClusterDay;
import dev.tally.local.fleet.costs.ExpectedCosts.NamespacedDay;
import dev.tally.local.fleet.costs.ExpectedCosts.NodeDay;
import dev.tally.local.fleet.costs.ExpectedCosts.NodeDayCost;
import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.fleet.truth.VolumeTruth;
import dev.tally.local.prometheus.ScrapeFileExporter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo fleet's cost export over Friday 2026-01-30 to Monday 2026-02-02 (a weekend, weekdays
 * with scale-out, and the reservation's monthly payment on 02-01), written to files, read back
 * through the importer's {@link CostExportReader}, and compared with {@link ExpectedCosts}
 * computed from the simulator's ground truth.
 */
class FleetCostExportTest {
    static final LocalDate FROM = LocalDate.parse("2026-01-30");
    static final LocalDate TO = LocalDate.parse("2026-02-03");
    static final LocalDate SATURDAY = LocalDate.parse("2026-01-31");
    static final LocalDate PAYMENT_DAY = LocalDate.parse("2026-02-01");

    @TempDir
    static Path dir;

    static FleetSpec fleet;
    static FleetCostSpec spec;
    static GroundTruth truth;
    static ExpectedCosts expected;
    static FleetCostExport.Written written;
    static List<CostLineItem> amortized;
    static List<CostLineItem> actual;
    static List<CostLineItem> focus;

    @BeforeAll
    static void exportAndReadBack() throws Exception {
        fleet = FleetSpec.demo();
        FleetSimulator sim = new FleetSimulator(fleet);
        spec = FleetCostSpec.demo(fleet);
        written = new FleetCostExport(sim, spec).write(dir.resolve("a"), FROM, TO, line -> { });
        truth = sim.groundTruth(instant(FROM), instant(TO));
        expected = ExpectedCosts.of(truth, fleet, spec, FROM, TO);
        amortized = read(written.eaAmortized(), CostView.AMORTIZED, CostExportFormat.EA_COST_DETAILS);
        actual = read(written.eaActual(), CostView.ACTUAL, CostExportFormat.EA_COST_DETAILS);
        focus = read(written.focus(), CostView.AMORTIZED, CostExportFormat.FOCUS_1_0);
    }

    static Instant instant(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Every row of the file as a line item; fails on any rejection. */
    static List<CostLineItem> read(Path file, CostView view, CostExportFormat format) throws Exception {
        List<CostLineItem> items = new ArrayList<>();
        List<CostRejection> rejections = new ArrayList<>();
        try (CostExportReader reader = CostExportReader.open(file, ReadOptions.of(view))) {
            assertThat(reader.format()).as(file.toString()).isEqualTo(format);
            for (CostReadResult r : (Iterable<CostReadResult>) reader.stream()::iterator) {
                if (r instanceof CostLineItem item) {
                    items.add(item);
                } else {
                    rejections.add((CostRejection) r);
                }
            }
        }
        assertThat(rejections).as(file + " rejections").isEmpty();
        return items;
    }

    static LocalDate day(CostLineItem i) {
        return LocalDate.ofInstant(i.chargePeriodStart(), ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ files

    @Test
    void theFilesAreRecognizedAndEveryRowReadsBack() {
        assertThat(amortized).hasSize((int) written.eaAmortizedRows());
        assertThat(actual).hasSize((int) written.eaActualRows());
        assertThat(focus).hasSize((int) written.focusRows());
        // Usage rows are in all three; unused hours only amortized, purchases only actual.
        long unusedRows = focus.stream().filter(i -> "Unused".equals(i.commitmentDiscountStatus())).count();
        long purchaseRows = focus.stream().filter(i -> i.chargeCategory().name().equals("PURCHASE")).count();
        assertThat(unusedRows).isGreaterThan(0);
        assertThat(purchaseRows).isEqualTo(1);
        assertThat(amortized).hasSize(focus.size() - (int) purchaseRows);
        assertThat(actual).hasSize(focus.size() - (int) unusedRows);
        assertThat(amortized).allSatisfy(i -> assertThat(i.billingCurrency()).isEqualTo("USD"));
    }

    @Test
    void theEaHeaderIsTheRealExportsHeaderAndTheFocusHeaderMicrosoftsSchema() throws IOException {
        Optional<Path> shared = ScrapeFileExporter.sharedData();
        Assumptions.assumeTrue(shared.isPresent(), "no ../shared/data: cannot compare with the real EA export");
        Path real = shared.get().resolve("azure-cost/finops-toolkit/EA_AmortizedCost_Small.csv");
        String realHeader = Files.readAllLines(real, StandardCharsets.UTF_8).get(0);
        for (Path ours : List.of(written.eaAmortized(), written.eaActual())) {
            String header = Files.readAllLines(ours, StandardCharsets.UTF_8).get(0);
            assertThat(header).as("BOM and header of " + ours).isEqualTo(realHeader);
        }
        String schema = Files.readString(shared.get().resolve("azure-cost/finops-toolkit/export-schemas/focuscost_1.0.json"));
        List<String> sinks = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"sink\":\\s*\\{\\s*\"name\":\\s*\"([^\"]+)\"").matcher(schema);
        while (m.find()) {
            sinks.add(m.group(1));
        }
        assertThat(sinks).hasSize(96);
        assertThat(Files.readAllLines(written.focus(), StandardCharsets.UTF_8).get(0)).isEqualTo(String.join(",", sinks));
    }

    @Test
    void datesAreUsDatesAndTagsAreQuotedAsInTheRealFile() throws IOException {
        String text = Files.readString(written.eaAmortized(), StandardCharsets.UTF_8);
        assertThat(text).contains(",01/31/2026,").contains(",01/01/2026,01/31/2026,").doesNotContain("\r");
        assertThat(text).contains("\"\"\"aks-managed-createOperationID\"\": \"\"");
        assertThat(text).contains("\"{\"\"UsageType\"\":\"\"ComputeHR\"\",");
    }

    // ------------------------------------------------------------------ Kubernetes hints

    @Test
    void everyClusterRowCarriesTheSimulatorsKubernetesNames() {
        for (List<CostLineItem> file : List.of(amortized, actual, focus)) {
            int nodes = 0;
            int claims = 0;
            int osDisks = 0;
            int services = 0;
            for (CostLineItem i : file) {
                KubernetesHints k = i.kubernetes();
                if (i.resourceId().startsWith("/providers/microsoft.capacity/")) {
                    assertThat(k.isAks()).as("reservation row " + i.sourceLine()).isFalse();
                    continue;
                }
                assertThat(k.isAks()).as(i.sourceFile() + ":" + i.sourceLine()).isTrue();
                assertThat(fleet.clusters().stream().map(ClusterSpec::name)).contains(k.clusterName());
                LocalDate day = day(i);
                if (k.kind() == AksResourceKind.NODE) {
                    NodeDayCost node = expected.nodes().get(new NodeDay(k.clusterName(), day, AksNodeNames.nodeOf(k.vmName())));
                    assertThat(node).as("node of VM " + k.vmName() + " on " + day).isNotNull();
                    assertThat(k.vmName()).isEqualTo(node.vmName());
                    assertThat(k.nodePool()).isEqualTo(node.pool());
                    assertThat(k.vmSize()).isEqualTo(fleet.clusters().stream().filter(c -> c.name().equals(k.clusterName()))
                            .findFirst().orElseThrow().pool(node.pool()).vmSize().armSkuName());
                    nodes++;
                } else if (k.kind() == AksResourceKind.DISK && k.pvcName() != null) {
                    assertThat(expected.claims()).containsKey(new NamespacedDay(k.clusterName(), day, k.pvcNamespace(), k.pvcName()));
                    VolumeTruth v = truth.volumes().stream()
                            .filter(x -> x.cluster().equals(k.clusterName()) && x.claim().equals(k.pvcName())
                                    && x.namespace().equals(k.pvcNamespace())).findFirst().orElseThrow();
                    assertThat(k.pvName()).isEqualTo(v.volume());
                    assertThat(i.resourceId()).isEqualTo(v.diskResourceId().toLowerCase(Locale.ROOT));
                    claims++;
                } else if (k.kind() == AksResourceKind.DISK) {
                    String vm = i.resourceName().substring(0, i.resourceName().toLowerCase(Locale.ROOT).indexOf("_osdisk"));
                    NodeDayCost node = expected.nodes().get(new NodeDay(k.clusterName(), day, AksNodeNames.nodeOf(vm)));
                    assertThat(node).as("node of OS disk " + i.resourceName()).isNotNull();
                    assertThat(k.nodePool()).isEqualTo(node.pool());
                    osDisks++;
                } else if (k.kind() == AksResourceKind.PUBLIC_IP && k.serviceName() != null) {
                    assertThat(expected.serviceIps()).containsKey(
                            new NamespacedDay(k.clusterName(), day, k.serviceNamespace(), k.serviceName()));
                    services++;
                }
            }
            assertThat(nodes).isEqualTo(expected.nodes().size());
            assertThat(osDisks).isEqualTo(expected.nodes().size());
            assertThat(claims).isEqualTo(expected.claims().size());
            assertThat(services).isEqualTo(expected.serviceIps().size());
        }
    }

    @Test
    void theSimulatorsNodeNamesFollowTheAksConventionBothWays() {
        assertThat(expected.nodes()).isNotEmpty();
        for (Map.Entry<NodeDay, NodeDayCost> e : expected.nodes().entrySet()) {
            String node = e.getKey().node();
            assertThat(node).matches("aks-" + e.getValue().pool() + "-\\d{8}-vmss[0-9a-z]{6}");
            assertThat(AksNodeNames.vmNameOf(node)).isEqualTo(e.getValue().vmName());
            assertThat(AksNodeNames.nodeOf(e.getValue().vmName())).isEqualTo(node);
        }
    }

    // ------------------------------------------------------------------ money

    @Test
    void eachClusterDaysTotalsEqualTheExpectedCostsExactly() {
        Map<ClusterDay, BigDecimal> effectiveEa = sumByClusterDay(amortized, CostLineItem::effectiveCost);
        Map<ClusterDay, BigDecimal> billedEa = sumByClusterDay(actual, CostLineItem::billedCost);
        Map<ClusterDay, BigDecimal> effectiveFocus = sumByClusterDay(focus, CostLineItem::effectiveCost);
        Map<ClusterDay, BigDecimal> billedFocus = sumByClusterDay(focus, CostLineItem::billedCost);
        assertThat(effectiveEa.keySet()).hasSize(2 * 4);
        for (ClusterDay cd : effectiveEa.keySet()) {
            Amount want = expected.clusterDay(cd.cluster(), cd.day());
            assertThat(effectiveEa.get(cd)).as("EA amortized " + cd).isEqualByComparingTo(want.effective());
            assertThat(billedEa.get(cd)).as("EA actual " + cd).isEqualByComparingTo(want.billed());
            assertThat(effectiveFocus.get(cd)).as("FOCUS effective " + cd).isEqualByComparingTo(want.effective());
            assertThat(billedFocus.get(cd)).as("FOCUS billed " + cd).isEqualByComparingTo(want.billed());
        }
    }

    @Test
    void eachNodeDayEqualsTheExpectedVmPlusOsDisk() {
        Map<NodeDay, Amount> fromFocus = new TreeMap<>();
        for (CostLineItem i : focus) {
            KubernetesHints k = i.kubernetes();
            String vm = k.vmName();
            if (vm == null && k.kind() == AksResourceKind.DISK && k.pvcName() == null) {
                vm = i.resourceName().substring(0, i.resourceName().toLowerCase(Locale.ROOT).indexOf("_osdisk"));
            }
            if (vm != null) {
                fromFocus.merge(new NodeDay(k.clusterName(), day(i), AksNodeNames.nodeOf(vm)),
                        new Amount(i.billedCost(), i.effectiveCost()), Amount::plus);
            }
        }
        assertThat(fromFocus.keySet()).isEqualTo(expected.nodes().keySet());
        fromFocus.forEach((key, amount) -> assertThat(amount.sameAs(expected.nodes().get(key).total()))
                .as(key + ": " + amount + " vs " + expected.nodes().get(key)).isTrue());
    }

    @Test
    void theWholeFileEqualsTheExpectedTotalAndBilledDiffersFromEffectiveByTheReservationExactly() {
        BigDecimal billed = focus.stream().map(CostLineItem::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal effective = focus.stream().map(CostLineItem::effectiveCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(billed).isEqualByComparingTo(expected.total().billed());
        assertThat(effective).isEqualByComparingTo(expected.total().effective());
        assertThat(actual.stream().map(CostLineItem::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(billed);
        assertThat(amortized.stream().map(CostLineItem::effectiveCost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(effective);

        Reservation r = spec.reservations().get(0);
        BigDecimal amortization = BigDecimal.ZERO;
        for (LocalDate d = FROM; d.isBefore(TO); d = d.plusDays(1)) {
            for (ClusterSpec c : fleet.clusters()) {
                Amount cd = expected.clusterDay(c.name(), d);
                BigDecimal reserved = expected.reservationAmortization(c.name(), d);
                // Per cluster-day: effective − billed is exactly what the reservation spread over its VMs.
                assertThat(cd.effective().subtract(cd.billed())).as(c.name() + " " + d).isEqualByComparingTo(reserved);
                assertThat(reserved.signum()).isEqualTo(c.name().equals(r.cluster()) ? 1 : 0);
                amortization = amortization.add(reserved);
            }
        }
        // Whole file: effective − billed = used amortization + unused hours − the month's payment.
        BigDecimal unused = focus.stream().filter(i -> "Unused".equals(i.commitmentDiscountStatus()))
                .map(CostLineItem::effectiveCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(effective.subtract(billed)).isEqualByComparingTo(amortization.add(unused).subtract(r.monthlyPayment()));
        // The reservation's days sum to instances × 24 h × rate (used + unused), nothing lost or doubled.
        assertThat(amortization.add(unused)).isEqualByComparingTo(
                r.hourlyRate().multiply(BigDecimal.valueOf(r.instances() * 24L * 4)));
    }

    @Test
    void theReservationsRowsHaveTheHandComputedFigures() {
        Reservation r = spec.reservations().get(0);
        assertThat(r.hourlyRate()).isEqualByComparingTo("0.2772");  // 0.440 × 0.63
        assertThat(r.instances()).isEqualTo(5);                        // 3 base + up to 2 scale-out nodes
        // Saturday: no scale-out, so 2 of the 5 reserved instances idle all day: 48 h × 0.2772.
        List<CostLineItem> unusedSaturday = amortized.stream()
                .filter(i -> "Unused".equals(i.commitmentDiscountStatus()) && day(i).equals(SATURDAY)).toList();
        assertThat(unusedSaturday).hasSize(1);
        assertThat(unusedSaturday.get(0).consumedQuantity()).isEqualByComparingTo("48");
        assertThat(unusedSaturday.get(0).effectiveCost()).isEqualByComparingTo("13.3056");
        assertThat(unusedSaturday.get(0).billedCost()).isEqualByComparingTo("0");
        // A reserved base node's Saturday: 24 h at 0.2772 amortized, 0 on the invoice, 10.56 at list price.
        CostLineItem reservedVm = amortized.stream().filter(i -> day(i).equals(SATURDAY)
                && "apps".equals(i.kubernetes().nodePool()) && i.kubernetes().kind() == AksResourceKind.NODE
                && "aks-prod-weu".equals(i.kubernetes().clusterName())).findFirst().orElseThrow();
        assertThat(reservedVm.effectiveCost()).isEqualByComparingTo("6.6528");
        assertThat(reservedVm.billedCost()).isEqualByComparingTo("0");
        assertThat(reservedVm.commitmentDiscountId()).isEqualTo(r.benefitId().toLowerCase(Locale.ROOT));
        assertThat(reservedVm.commitmentDiscountStatus()).isEqualTo("Used");
        CostLineItem sameVmActual = actual.stream().filter(i -> day(i).equals(SATURDAY)
                && reservedVm.kubernetes().vmName().equals(i.kubernetes().vmName())).findFirst().orElseThrow();
        assertThat(sameVmActual.billedCost()).isEqualByComparingTo("0");
        CostLineItem sameVmFocus = focus.stream().filter(i -> day(i).equals(SATURDAY)
                && reservedVm.kubernetes().vmName().equals(i.kubernetes().vmName())).findFirst().orElseThrow();
        assertThat(sameVmFocus.listCost()).isEqualByComparingTo("10.56");
        // The monthly payment on the 1st: 0.2772 × 5 × 730 = 1011.78, billed, never effective.
        List<CostLineItem> purchases = actual.stream().filter(i -> i.chargeCategory().name().equals("PURCHASE")).toList();
        assertThat(purchases).hasSize(1);
        assertThat(day(purchases.get(0))).isEqualTo(PAYMENT_DAY);
        assertThat(purchases.get(0).billedCost()).isEqualByComparingTo("1011.78");
        assertThat(purchases.get(0).effectiveCost()).isEqualByComparingTo("0");
    }

    @Test
    void disksAreMeteredLikeTheRealExportAndPricedByTier() {
        // A whole day of a disk is 0.033336 of a month, as the real EA sample's disk rows show.
        assertThat(CostRules.diskMonths(24)).isEqualByComparingTo("0.033336");
        assertThat(CostRules.hours(86_400)).isEqualByComparingTo("24");
        assertThat(CostRules.hours(1)).isEqualByComparingTo("0.000278");
        FleetPrices p = FleetPrices.listPrices();
        assertThat(p.disk("Premium_LRS", 256L << 30).tier()).isEqualTo("P15");
        assertThat(p.disk("Premium_LRS", (256L << 30) + 1).tier()).isEqualTo("P20");
        assertThat(p.disk("StandardSSD_LRS", 32L << 30).tier()).isEqualTo("E4");
        // The prod Elasticsearch claims (256 GiB Premium) on Saturday: 0.033336 × 38.02 each.
        CostLineItem es = amortized.stream().filter(i -> day(i).equals(SATURDAY)
                && "data-elasticsearch-0".equals(i.kubernetes().pvcName())).findFirst().orElseThrow();
        assertThat(es.effectiveCost()).isEqualByComparingTo("1.26743472");
        assertThat(es.kubernetes().pvcNamespace()).isEqualTo("search");
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void theSameSeedWritesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
        FleetSimulator again = new FleetSimulator(FleetSpec.demo());
        FleetCostExport.Written second = new FleetCostExport(again, FleetCostSpec.demo(again.spec()))
                .write(dir.resolve("b"), FROM, TO, line -> { });
        assertThat(Files.readAllBytes(second.eaAmortized())).isEqualTo(Files.readAllBytes(written.eaAmortized()));
        assertThat(Files.readAllBytes(second.eaActual())).isEqualTo(Files.readAllBytes(written.eaActual()));
        assertThat(Files.readAllBytes(second.focus())).isEqualTo(Files.readAllBytes(written.focus()));

        FleetSimulator other = new FleetSimulator(FleetSpec.demo().withSeed(7));
        FleetCostExport.Written third = new FleetCostExport(other, FleetCostSpec.demo(other.spec()))
                .write(dir.resolve("c"), FROM, TO, line -> { });
        assertThat(Files.readAllBytes(third.eaAmortized())).isNotEqualTo(Files.readAllBytes(written.eaAmortized()));
    }

    @Test
    void aReservationSmallerThanItsPoolsBusiestHourIsRefused() {
        FleetSpec demo = FleetSpec.demo();
        FleetCostSpec base = FleetCostSpec.demo(demo);
        Reservation r = base.reservations().get(0);
        Reservation small = new Reservation(r.cluster(), r.pool(), 4, r.hourlyRate(), r.start(), 12, r.orderId(),
                r.reservationId(), r.name());
        FleetCostSpec smaller = new FleetCostSpec(base.prices(), base.account(), List.of(small), base.uptimeSlaClusters(),
                base.serviceIps());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FleetCostExport(new FleetSimulator(demo), smaller))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs up to 5 nodes");
    }

    private static Map<ClusterDay, BigDecimal> sumByClusterDay(List<CostLineItem> items,
                                                               Function<CostLineItem, BigDecimal> cost) {
        Map<ClusterDay, BigDecimal> out = new TreeMap<>();
        for (CostLineItem i : items) {
            if (i.kubernetes().clusterName() != null) {
                out.merge(new ClusterDay(i.kubernetes().clusterName(), day(i)), cost.apply(i), BigDecimal::add);
            }
        }
        return out;
    }
}
