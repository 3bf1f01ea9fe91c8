package dev.tally.local.costs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.CostItemJson;
import dev.tally.ingest.costs.importer.ImportedLineItem;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.jobs.allocation.day.AllocationPolicy;
import dev.tally.jobs.allocation.day.AllocationRow;
import dev.tally.jobs.allocation.day.ClusterCostRow;
import dev.tally.jobs.allocation.day.ClusterDayAllocation;
import dev.tally.jobs.allocation.day.CostCategory;
import dev.tally.jobs.allocation.input.CostItem;
import dev.tally.jobs.allocation.input.CostItemJsonReader;
import dev.tally.jobs.allocation.money.Cost;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.prometheus.ScrapeFileExporter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real EA exports of {@code ../shared/data/azure-cost/finops-toolkit} through the importer's
 * wire format ({@code tally.costs.v1}) into the cluster-day allocation, with no usage at all:
 * every AKS row lands in its cluster's buckets (unallocated VMs, shared control plane and
 * network, claims' disks), and per billing period and currency the allocation plus the rows
 * outside clusters equals the export's total exactly, billed and effective.
 */
class RealExportAllocationTest {

    @ParameterizedTest
    @CsvSource({
            "EA_ActualCost_Small.csv,    ACTUAL,    ''",  // its rows name no AKS cluster: all outside clusters
            "EA_AmortizedCost_Small.csv, AMORTIZED, 'analyticsengine test-cluster-1 test-cluster-2'"})
    void theAllocationOfARealExportReconcilesToItsTotalExactly(String file, CostView view, String expectedClusters)
            throws Exception {
        Optional<Path> shared = ScrapeFileExporter.sharedData();
        String absent = TestClickHouse.projectHome().resolve("../shared/data").normalize()
                + " (the real Azure cost exports) is not beside this checkout";
        if (shared.isEmpty()) {
            System.err.println("SKIPPED RealExportAllocationTest: " + absent);
        }
        Assumptions.assumeTrue(shared.isPresent(), absent);
        Path export = shared.get().resolve("azure-cost/finops-toolkit").resolve(file);

        CostItemJsonReader wire = new CostItemJsonReader();
        List<CostItem> items = new ArrayList<>();
        try (CostExportReader reader = CostExportReader.open(export, ReadOptions.of(view));
             Stream<?> results = reader.stream()) {
            results.forEach(r -> items.add(wire.read(CostItemJson.write(
                    new ImportedLineItem("scope", view.name(), "run-1", "import-1",
                            java.time.Instant.parse("2026-02-03T04:00:00Z"), (CostLineItem) r)))));
        }

        Map<String, Cost> exportTotal = new TreeMap<>();
        Map<String, Cost> accounted = new TreeMap<>();
        Map<String, List<ClusterCostRow>> clusterDays = new TreeMap<>();
        for (CostItem item : items) {
            String period = item.billingPeriodStart() + " " + item.row().cost().currency();
            exportTotal.merge(period, item.row().cost(), Cost::plus);
            if (item.cluster().isPresent()) {
                clusterDays.computeIfAbsent(period + "|" + item.cluster().get() + "|" + item.day(), k -> new ArrayList<>())
                        .add(item.row());
            } else {
                accounted.merge(period, item.row().cost(), Cost::plus);   // outside clusters
            }
        }
        ClusterDayAllocation allocation = new ClusterDayAllocation(AllocationPolicy.defaults());
        Set<String> clusters = new TreeSet<>();
        Map<CostCategory, Integer> categories = new TreeMap<>();
        for (Map.Entry<String, List<ClusterCostRow>> day : clusterDays.entrySet()) {
            String period = day.getKey().substring(0, day.getKey().indexOf('|'));
            clusters.add(day.getKey().split("\\|")[1]);
            for (AllocationRow row : allocation.allocate(day.getValue(), List.of(), List.of())) {
                accounted.merge(period, row.cost(), Cost::plus);
                categories.merge(row.category(), 1, Integer::sum);
                assertThat(row.workload().isBucket() || row.category() == CostCategory.STORAGE
                        || row.category() == CostCategory.NETWORK).as("%s without usage", row).isTrue();
            }
        }
        System.out.printf("%s: %d rows, AKS clusters %s, %d cluster-days, allocation rows by category %s%n",
                file, items.size(), clusters, clusterDays.size(), categories);

        assertThat(String.join(" ", clusters)).isEqualTo(expectedClusters);
        if (!clusters.isEmpty()) {
            assertThat(categories).containsKey(CostCategory.UNALLOCATED);  // their VMs: no node reported them
        }
        assertThat(accounted.keySet()).isEqualTo(exportTotal.keySet());
        exportTotal.forEach((period, total) -> assertThat(accounted.get(period).sameAmountAs(total))
                .as("%s: allocated + outside %s vs export %s", period, accounted.get(period), total).isTrue());
        assertThat(LocalDate.parse(exportTotal.keySet().iterator().next().substring(0, 10))).isEqualTo(LocalDate.of(2023, 9, 1));
    }
}
