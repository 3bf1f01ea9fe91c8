package dev.tally.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report on seeded random allocation rows (two currencies, amounts with up to 24 decimals,
 * refunds, buckets), read back by DuckDB as an independent reader.
 */
class ChargebackReportTest {
    static final YearMonth MONTH = YearMonth.of(2026, 1);
    static final List<String> TEAMS = List.of("checkout", "payments", "search", "identity", "=formula");
    static final List<String> NAMESPACES = List.of("shop", "pay", "search", "auth", "__idle__", "__shared__", "__unallocated__");
    static final String VMSS = "/subscriptions/s1/resourcegroups/mc_rg/providers/microsoft.compute/virtualmachinescalesets/aks-user-1-vmss";
    static final String DISK = "/subscriptions/s1/resourcegroups/mc_rg/providers/microsoft.compute/disks/aks-user-1-vmss_osdisk_";

    @TempDir
    Path out;

    @Test
    void duckDbReadsTheDocumentedSchemaTheRowsAndTheExactTotals() throws Exception {
        long seed = 20260101L;
        List<ChargebackRow> rows = randomRows(seed, 3_000);
        FakeSource source = new FakeSource(rows, sums(rows));
        ChargebackReport.Published v1 = (ChargebackReport.Published) report(source).run(MONTH, Basis.BOTH, false);

        Path parquet = Path.of(v1.location()).resolve("chargeback-2026-01.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            Map<String, String> schema = new LinkedHashMap<>();
            try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + parquet + "')")) {
                while (r.next()) {
                    schema.put(r.getString(1), r.getString(2));
                }
            }
            assertThat(schema).as("seed %d", seed).containsExactlyEntriesOf(documentedColumns());
            assertThat(one(s, "SELECT count(*) FROM read_parquet('" + parquet + "')")).isEqualTo(Integer.toString(rows.size()));

            SortedMap<String, Amounts> expected = sums(rows);
            SortedMap<String, Amounts> read = new TreeMap<>();
            try (ResultSet r = s.executeQuery("SELECT BillingCurrency, sum(BilledCost)::VARCHAR, sum(EffectiveCost)::VARCHAR "
                    + "FROM read_parquet('" + parquet + "') GROUP BY 1")) {
                while (r.next()) {
                    read.put(r.getString(1), new Amounts(new BigDecimal(r.getString(2)), new BigDecimal(r.getString(3))));
                }
            }
            assertThat(read.keySet()).containsExactly("EUR", "USD");
            for (String currency : expected.keySet()) {
                assertThat(read.get(currency).billed()).as("seed %d %s billed", seed, currency)
                        .isEqualByComparingTo(expected.get(currency).billed());
                assertThat(read.get(currency).effective()).as("seed %d %s effective", seed, currency)
                        .isEqualByComparingTo(expected.get(currency).effective());
                assertThat(v1.manifest().totals().get(currency).billedAmount()).isEqualByComparingTo(expected.get(currency).billed());
            }
            // every row's amount exactly, not only the sums: the 24th decimal survives
            BigDecimal smallest = rows.stream().map(ChargebackRow::billedCost).filter(b -> b.scale() == 24 && b.signum() > 0)
                    .findFirst().orElseThrow();
            assertThat(one(s, "SELECT count(*) FROM read_parquet('" + parquet + "') WHERE BilledCost = '" + smallest.toPlainString()
                    + "'::DECIMAL(38,24)")).isNotEqualTo("0");
            // FOCUS 1.3: the unallocated remainder has no AllocatedResourceId, every allocated row has one
            assertThat(one(s, "SELECT count(*) FROM read_parquet('" + parquet + "') WHERE (x_Namespace LIKE '\\_\\_%' ESCAPE '\\') "
                    + "<> (AllocatedResourceId IS NULL)")).isEqualTo("0");
            assertThat(one(s, "SELECT string_agg(DISTINCT compression, ',') FROM parquet_metadata('" + parquet + "')")).isEqualTo("ZSTD");
            assertThat(one(s, "SELECT count(*) FROM parquet_metadata('" + parquet + "') WHERE path_in_schema = 'x_Team' "
                    + "AND encodings LIKE '%DICTIONARY%'")).isNotEqualTo("0");
            assertThat(one(s, "SELECT min(ChargePeriodStart)::VARCHAR FROM read_parquet('" + parquet + "')"))
                    .startsWith("2026-01-01 00:00:00");
            // the origin: per resource and currency the billed total and the list total (null rows: unknown, not zero)
            Map<String, String> expectedByResource = new TreeMap<>();
            Map<String, BigDecimal> billedByResource = new TreeMap<>();
            Map<String, BigDecimal> listByResource = new TreeMap<>();
            Map<String, Integer> unknownListByResource = new TreeMap<>();
            for (ChargebackRow r : rows) {
                String key = (r.resourceId().isEmpty() ? "null" : r.resourceId()) + "|" + (r.subAccountId().isEmpty() ? "null" : r.subAccountId())
                        + "|" + r.currency();
                billedByResource.merge(key, r.billedCost(), BigDecimal::add);
                listByResource.merge(key, r.listCost() == null ? BigDecimal.ZERO : r.listCost(), BigDecimal::add);
                unknownListByResource.merge(key, r.listCost() == null ? 1 : 0, Integer::sum);
            }
            billedByResource.forEach((k, billed) -> expectedByResource.put(k, billed.stripTrailingZeros().toPlainString() + " / "
                    + listByResource.get(k).stripTrailingZeros().toPlainString() + " / " + unknownListByResource.get(k)));
            Map<String, String> readByResource = new TreeMap<>();
            try (ResultSet r = s.executeQuery("SELECT coalesce(ResourceId, 'null') || '|' || coalesce(SubAccountId, 'null') || '|' "
                    + "|| BillingCurrency, sum(BilledCost)::VARCHAR, coalesce(sum(ListCost), 0)::VARCHAR, count(*) FILTER (WHERE ListCost IS NULL) "
                    + "FROM read_parquet('" + parquet + "') GROUP BY 1")) {
                while (r.next()) {
                    readByResource.put(r.getString(1), new BigDecimal(r.getString(2)).stripTrailingZeros().toPlainString() + " / "
                            + new BigDecimal(r.getString(3)).stripTrailingZeros().toPlainString() + " / " + r.getInt(4));
                }
            }
            assertThat(readByResource).as("seed %d", seed).hasSizeGreaterThan(4).isEqualTo(expectedByResource);
            for (String column : List.of("ResourceId", "SubAccountId")) {
                assertThat(one(s, "SELECT count(*) FROM parquet_metadata('" + parquet + "') WHERE path_in_schema = '" + column + "' "
                        + "AND encodings LIKE '%DICTIONARY%'")).as(column).isNotEqualTo("0");
            }
        }
        assertThat(v1.manifest().reconciliation().reconciled()).isTrue();
        assertThat(v1.manifest().rowCount()).isEqualTo(rows.size());
        assertThat(v1.manifest().file("chargeback-2026-01.parquet").sha256()).isEqualTo(ChargebackReport.sha256(parquet));
        assertThat(v1.manifest().changes()).isNull();
        String csv = Files.readString(Path.of(v1.location()).resolve("team-summary-2026-01.csv"));
        assertThat(csv).startsWith("Team,BillingCurrency,BilledCost,EffectiveCost\r\n").contains("\"'=formula\",EUR,");
    }

    @Test
    void theFooterListsItsMetadataAndEachColumnsEncodingsInAFixedOrderSoAnotherJvmWritesTheSameBytes() throws Exception {
        Path file = out.resolve("footer.parquet");
        ChargebackParquet.write(file, Basis.BOTH, randomRows(5L, 300), 1);
        List<String> keys = new ArrayList<>();
        List<String> encodings = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT decode(key) FROM parquet_kv_metadata('" + file + "')")) {
                while (r.next()) {
                    keys.add(r.getString(1));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT path_in_schema, encodings FROM parquet_metadata('" + file + "')")) {
                while (r.next()) {
                    encodings.add(r.getString(1) + ": " + r.getString(2));
                }
            }
        }
        // Map.of's order is salted per JVM, and the library keeps encodings in a HashSet of enums (identity
        // hash codes): in their order the same rows were other bytes in another process
        assertThat(keys).contains(ChargebackParquet.SCHEMA_VERSION_KEY, "tally.chargeback.basis").isSorted();
        assertThat(encodings).as("each column chunk's encodings").isNotEmpty().allSatisfy(e -> {
            List<Integer> values = java.util.Arrays.stream(e.substring(e.indexOf(": ") + 2).split(","))
                    .map(String::strip).filter(n -> !n.isEmpty())
                    .map(n -> org.apache.parquet.format.Encoding.valueOf(n).getValue()).toList();
            assertThat(values).as(e).isNotEmpty().isSorted();
        });
    }

    @Test
    void rowGroupsEncodedInParallelGiveTheSameBytesWhateverTheThreadsAndReadBackExactly() throws Exception {
        long seed = 20260202L;
        List<ChargebackRow> rows = randomRows(seed, 10_000);
        Map<Integer, String> shaByThreads = new TreeMap<>();
        for (int threads : new int[]{1, 2, 3, 1}) {
            Path file = out.resolve("t" + threads + "-" + shaByThreads.size() + ".parquet");
            try (ChargebackParquet.Writer writer = ChargebackParquet.open(new org.apache.parquet.io.LocalOutputFile(file), Basis.BOTH,
                    777, threads)) {
                for (ChargebackRow row : rows) {
                    writer.write(row);
                }
            }
            String sha = ChargebackReport.sha256(file);
            String before = shaByThreads.putIfAbsent(threads, sha);
            assertThat(before == null ? sha : before).as("seed %d, %d threads: the same bytes on a rerun", seed, threads).isEqualTo(sha);
            assertThat(sha).as("seed %d, %d threads vs 1", seed, threads).isEqualTo(shaByThreads.get(1));
        }
        Path file = out.resolve("t1-0.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            // 10,000 rows in groups of 777: 12 full groups and one of 676, in row order
            assertThat(one(s, "SELECT count(DISTINCT row_group_id) || ' ' || max(row_group_num_rows) || ' ' || min(row_group_num_rows) "
                    + "FROM parquet_metadata('" + file + "')")).isEqualTo("13 777 676");
            SortedMap<String, Amounts> read = new TreeMap<>();
            try (ResultSet r = s.executeQuery("SELECT BillingCurrency, sum(BilledCost)::VARCHAR, sum(EffectiveCost)::VARCHAR "
                    + "FROM read_parquet('" + file + "') GROUP BY 1")) {
                while (r.next()) {
                    read.put(r.getString(1), new Amounts(new BigDecimal(r.getString(2)), new BigDecimal(r.getString(3))));
                }
            }
            SortedMap<String, Amounts> expected = sums(rows);
            assertThat(read.keySet()).isEqualTo(expected.keySet());
            for (String currency : expected.keySet()) {
                assertThat(read.get(currency).billed()).as("seed %d %s", seed, currency).isEqualByComparingTo(expected.get(currency).billed());
                assertThat(read.get(currency).effective()).as("seed %d %s", seed, currency)
                        .isEqualByComparingTo(expected.get(currency).effective());
            }
            // row order kept across groups: the 5,000th row is the one written 5,000th
            ChargebackRow middle = rows.get(4_999);
            assertThat(one(s, "SELECT x_Workload || '|' || BilledCost::VARCHAR FROM (SELECT *, row_number() OVER () AS n FROM read_parquet('"
                    + file + "')) WHERE n = 5000")).isEqualTo(middle.workloadName() + "|"
                    + middle.billedCost().setScale(ChargebackParquet.MONEY_SCALE).toPlainString());
        }
        // the copied groups keep their page indexes and statistics
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            for (org.apache.parquet.hadoop.metadata.BlockMetaData block : reader.getRowGroups()) {
                org.apache.parquet.hadoop.metadata.ColumnChunkMetaData team = block.getColumns().stream()
                        .filter(c -> c.getPath().toDotString().equals("x_Cluster")).findFirst().orElseThrow();
                assertThat(reader.readOffsetIndex(team)).as("offset index of group %d", block.getOrdinal()).isNotNull();
                assertThat(reader.readColumnIndex(team)).as("column index of group %d", block.getOrdinal()).isNotNull();
                assertThat(team.getStatistics().hasNonNullValue()).isTrue();
            }
        }
    }

    @Test
    void aRestatedMonthIsV2WithTheChangeSummaryAndV1StaysByteIdentical() throws Exception {
        long seed = 7L;
        List<ChargebackRow> rows = randomRows(seed, 400);
        ChargebackReport.Published v1 = (ChargebackReport.Published) report(new FakeSource(rows, sums(rows))).run(MONTH, Basis.BOTH, false);
        Path v1Parquet = Path.of(v1.location()).resolve("chargeback-2026-01.parquet");
        String v1Sha = ChargebackReport.sha256(v1Parquet);
        byte[] v1Manifest = Files.readAllBytes(Path.of(v1.location()).resolve("manifest.json"));

        // the same month again, unchanged: nothing written
        ChargebackReport.Outcome again = report(new FakeSource(rows, sums(rows))).run(MONTH, Basis.BOTH, false);
        assertThat(again).isInstanceOf(ChargebackReport.Unchanged.class);
        assertThat(again.version()).isEqualTo(1);

        // restated: checkout's first USD row costs 2.5 more billed, payments' first EUR row 1.25 less effective
        List<ChargebackRow> restated = new ArrayList<>(rows);
        int checkout = indexOf(restated, "checkout", "USD");
        int payments = indexOf(restated, "payments", "EUR");
        restated.set(checkout, withCosts(restated.get(checkout), restated.get(checkout).billedCost().add(new BigDecimal("2.5")),
                restated.get(checkout).effectiveCost()));
        restated.set(payments, withCosts(restated.get(payments), restated.get(payments).billedCost(),
                restated.get(payments).effectiveCost().subtract(new BigDecimal("1.25"))));
        ChargebackReport.Published v2 = (ChargebackReport.Published) report(new FakeSource(restated, sums(restated)))
                .run(MONTH, Basis.BOTH, false);

        assertThat(v2.version()).isEqualTo(2);
        Manifest.Changes changes = v2.manifest().changes();
        assertThat(changes.previousVersion()).isEqualTo(1);
        assertThat(changes.previousParquetSha256()).isEqualTo(v1Sha);
        assertThat(changes.teams()).as("seed %d", seed).extracting(Manifest.TeamChange::team, Manifest.TeamChange::currency,
                        Manifest.TeamChange::billedChange, Manifest.TeamChange::effectiveChange)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("checkout", "USD", "2.5", "0"),
                        org.assertj.core.groups.Tuple.tuple("payments", "EUR", "0", "-1.25"));
        Manifest.TeamChange c = changes.teams().get(0);
        assertThat(new BigDecimal(c.billedAfter()).subtract(new BigDecimal(c.billedBefore()))).isEqualByComparingTo("2.5");
        assertThat(new BigDecimal(c.billedBefore())).isEqualByComparingTo(teamTotal(rows, "checkout", "USD"));
        // v1 untouched: same bytes, same manifest
        assertThat(ChargebackReport.sha256(v1Parquet)).isEqualTo(v1Sha);
        assertThat(Files.readAllBytes(Path.of(v1.location()).resolve("manifest.json"))).isEqualTo(v1Manifest);
        assertThat(new FolderDestination(out).versions(MONTH)).containsExactly(1, 2);
    }

    @Test
    void aVersionPublishedByARunKilledBeforeRecordingItIsRecordedByTheNextRun() throws Exception {
        List<ChargebackRow> rows = randomRows(13L, 50);
        List<ReportLog.ReportVersion> recorded = new ArrayList<>();
        ReportLog killedBeforeRecording = v -> {
            throw new IOException("killed");
        };
        Clock clock = Clock.fixed(Instant.parse("2026-02-03T08:00:00Z"), ZoneOffset.UTC);
        assertThatThrownBy(() -> new ChargebackReport(new FakeSource(rows, sums(rows)), new FolderDestination(out), killedBeforeRecording,
                clock, "tally test").run(MONTH, Basis.BOTH, false)).hasMessage("killed");
        assertThat(new FolderDestination(out).latestPublished(MONTH)).contains(1);

        ChargebackReport.Outcome again = new ChargebackReport(new FakeSource(rows, sums(rows)), new FolderDestination(out), recorded::add,
                Clock.offset(clock, java.time.Duration.ofHours(1)), "tally test").run(MONTH, Basis.BOTH, false);

        assertThat(again).isInstanceOf(ChargebackReport.Unchanged.class);
        assertThat(recorded).singleElement().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.generatedAt()).as("when v1 was generated, from its manifest").isEqualTo(Instant.parse("2026-02-03T08:00:00Z"));
            assertThat(v.rows()).isEqualTo(50);
            assertThat(v.totals()).isEqualTo(sums(rows));
            assertThat(v.location()).isEqualTo(again.location());
        });
    }

    @Test
    void anUnreconciledMonthIsRefusedWithTheDifferenceAndWithTheFlagWrittenAndMarked() throws Exception {
        List<ChargebackRow> rows = randomRows(11L, 200);
        SortedMap<String, Amounts> export = new TreeMap<>(sums(rows));
        export.put("USD", export.get("USD").plus(new BigDecimal("0.01"), BigDecimal.ZERO));
        FakeSource source = new FakeSource(rows, export);

        assertThatThrownBy(() -> report(source).run(MONTH, Basis.BOTH, false))
                .isInstanceOf(UnreconciledException.class)
                .hasMessageContaining("2026-01 not published: the allocation does not reconcile with the cost export")
                .hasMessageContaining("USD billed: report ")
                .hasMessageContaining("(difference -0.01)")
                .hasMessageContaining("--allow-unreconciled");
        assertThat(new FolderDestination(out).versions(MONTH)).isEmpty();
        // only effective: the billed difference does not matter
        assertThat(report(source).run(MONTH, Basis.EFFECTIVE, false)).isInstanceOf(ChargebackReport.Published.class);

        ChargebackReport.Published marked = (ChargebackReport.Published) report(source).run(MONTH, Basis.BOTH, true);
        assertThat(marked.version()).isEqualTo(2);
        assertThat(marked.manifest().reconciliation().reconciled()).isFalse();
        assertThat(marked.manifest().reconciliation().published()).isEqualTo("unreconciled (--allow-unreconciled)");
        assertThat(marked.manifest().reconciliation().differences()).singleElement().asString().contains("(difference -0.01)");
        assertThat(Files.readString(Path.of(marked.location()).resolve("manifest.json"))).contains("\"reconciled\" : false");
    }

    @Test
    void aMonthWithNoAllocationRowsIsRefusedSayingWhatToCheckAndNothingIsPublished() throws Exception {
        assertThatThrownBy(() -> report(new FakeSource(List.of(), new TreeMap<>())).run(MONTH, Basis.BOTH, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("2026-01: no allocation rows in cost_allocation_daily_latest for this billing period")
                .hasMessageContaining("has the cost export been imported and the allocation job run?")
                .hasMessageContaining("older than the table's retention, retention_cost_months, 25 by default");
        assertThat(new FolderDestination(out).versions(MONTH)).isEmpty();
    }

    @Test
    void estimatedRowsAreLeftOutOfAReconciledReportAndShownMarkedInAnUnreconciledOne() throws Exception {
        List<ChargebackRow> rows = new ArrayList<>(randomRows(5L, 100));
        List<ChargebackRow> invoiced = List.copyOf(rows);
        for (int i = 0; i < 2; i++) {
            ChargebackRow r = rows.get(i);
            rows.add(new ChargebackRow(MONTH.atEndOfMonth(), r.billingPeriod(), r.cluster(), r.namespace(), r.workloadKind(),
                    r.workloadName(), r.category(), "USD", new BigDecimal("2.304"), new BigDecimal("2.304"), r.team(), r.costCenter(),
                    r.ownerSource(), "estimated from list prices: " + r.method(), r.policies(), true, 3, r.resourceId(), r.subAccountId(),
                    new BigDecimal("2.304")));
        }
        FakeSource source = new FakeSource(rows, sums(invoiced));

        ChargebackReport.Published v1 = (ChargebackReport.Published) report(source).run(MONTH, Basis.BOTH, false);
        assertThat(v1.manifest().reconciliation().reconciled()).isTrue();
        assertThat(v1.manifest().rowCount()).isEqualTo(100);
        assertThat(v1.manifest().estimatedRowsLeftOut()).isEqualTo(2);

        ChargebackReport.Published v2 = (ChargebackReport.Published) report(source).run(MONTH, Basis.BOTH, true);
        assertThat(v2.manifest().reconciliation().reconciled()).isFalse();
        assertThat(v2.manifest().reconciliation().differences()).contains("2 row(s) estimated from list prices: the export of those days has not arrived");
        Path parquet = Path.of(v2.location()).resolve("chargeback-2026-01.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            assertThat(one(s, "SELECT count(*) FILTER (WHERE x_Estimated) || '/' || count(*) FROM read_parquet('" + parquet + "')"))
                    .isEqualTo("2/102");
        }
    }

    @Test
    void aBasisCarriesOnlyItsMoneyColumn() throws Exception {
        List<ChargebackRow> rows = randomRows(3L, 50);
        ChargebackReport.Published billed = (ChargebackReport.Published) report(new FakeSource(rows, sums(rows)))
                .run(MONTH, Basis.BILLED, false);
        Path parquet = Path.of(billed.location()).resolve("chargeback-2026-01.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            String columns = one(s, "SELECT string_agg(name, ',') FROM parquet_schema('" + parquet + "')");
            assertThat(columns).contains("BilledCost").doesNotContain("EffectiveCost");
        }
        assertThat(billed.manifest().totals().get("USD").effective()).isNull();
    }

    @Test
    void theFocusSplitAllocationColumnsOfAWorkloadAndOfTheRemainder() {
        ChargebackRow workload = randomRows(1L, 10).stream().filter(r -> r.workloadName().equals("first")).findFirst().orElseThrow();
        FocusColumns w = FocusColumns.of(workload);
        assertThat(w.allocatedResourceId()).isEqualTo("aks-0/shop/Deployment/first");
        assertThat(w.allocatedResourceName()).isEqualTo("first");
        assertThat(w.allocatedMethodId()).isEqualTo("tally-allocation-v1/COMPUTE");
        assertThat(w.allocatedTags()).isEqualTo("{\"team\":\"checkout\"}");
        assertThat(w.idlePolicy()).isEqualTo("none");
        ChargebackRow idle = new ChargebackRow(workload.day(), workload.billingPeriod(), "aks-0", "__idle__", "", "", "IDLE", "USD",
                BigDecimal.ONE, BigDecimal.ONE, "unowned", "", "unowned", "idle node capacity", "idle=none shared=by_requests", false, 1,
                VMSS, "/subscriptions/s1", null);
        FocusColumns i = FocusColumns.of(idle);
        assertThat(i.allocatedResourceId()).isNull();
        assertThat(i.allocatedResourceName()).isNull();
        assertThat(i.sharedPolicy()).isEqualTo("by_requests");
        assertThat(i.allocatedMethodDetails()).isEqualTo("{\"method\":\"idle node capacity\",\"policies\":\"idle=none shared=by_requests\"}");
    }

    @Test
    void anAmountWithMoreThan24DecimalsIsAnErrorNeverRounded() {
        assertThatThrownBy(() -> ChargebackParquet.decimal(new BigDecimal("0.0000000000000000000000001")))
                .hasMessageContaining("more than 24 decimals");
        assertThat(ChargebackParquet.decimal(new BigDecimal("-1")).getBytes()[0]).isEqualTo((byte) 0xFF);
    }

    @Test
    void theFastDecimalEncodingEqualsBigIntegersTwosComplement() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 100_000; i++) {
            int scale = random.nextInt(25);
            long unscaled = random.nextLong() % java.math.BigInteger.TEN.pow(Math.min(18, 14 + scale)).longValueExact();
            BigDecimal amount = BigDecimal.valueOf(unscaled, scale);
            java.math.BigInteger wide = amount.setScale(24).unscaledValue();
            assertThat(ChargebackParquet.decimal(amount).getBytes()).as("seed %d: %s", seed, amount.toPlainString())
                    .isEqualTo(ChargebackParquet.twosComplement(wide).getBytes());
        }
    }

    private ChargebackReport report(AllocationSource source) {
        return new ChargebackReport(source, new FolderDestination(out), ReportLog.none(),
                Clock.fixed(Instant.parse("2026-02-03T08:00:00Z"), ZoneOffset.UTC), "tally test");
    }

    /** The column table of reports/README.md: name → type. */
    static Map<String, String> documentedColumns() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("| column | type | meaning |"));
        for (String line : table.lines().skip(2).toList()) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            out.put(cells[1].strip().replace("`", ""), cells[2].strip());
        }
        return out;
    }

    static List<ChargebackRow> randomRows(long seed, int n) {
        Random random = new Random(seed);
        List<ChargebackRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ns = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
            boolean bucket = ns.startsWith("__");
            String team = bucket ? "unowned" : TEAMS.get(random.nextInt(TEAMS.size()));
            LocalDate day = MONTH.atDay(1 + random.nextInt(MONTH.lengthOfMonth()));
            // a pool handed on (docs/allocation.md): workloads' shares and the bucket's way out (negative) have no ResourceId
            boolean pooled = random.nextInt(5) == 0;
            BigDecimal billed = amount(random);
            BigDecimal effective = amount(random);
            rows.add(new ChargebackRow(day, MONTH.atDay(1), "aks-" + random.nextInt(3), ns, bucket ? "" : "Deployment",
                    bucket ? "" : "app-" + i, bucket ? "IDLE" : pooled ? "SHARED" : "COMPUTE", random.nextInt(4) == 0 ? "EUR" : "USD",
                    pooled && bucket ? billed.negate() : billed, pooled && bucket ? effective.negate() : effective, team,
                    bucket ? "" : "CC-" + random.nextInt(5), bucket ? "unowned" : "NAMESPACE_LABEL",
                    pooled ? "platform namespace compute, distributed by requests" : "max(request, usage) of its node-hours",
                    "idle=none shared=by_requests cpu:ram=0.031611:0.004237 platform=kube-system",
                    false, 10 + random.nextInt(5), pooled ? "" : bucket || random.nextBoolean() ? VMSS : DISK + random.nextInt(3),
                    "/subscriptions/s1", random.nextInt(3) == 0 ? null : amount(random)));
        }
        // the month's first and an exact 24-decimal amount
        rows.set(0, withCosts(rows.get(0), new BigDecimal("0.000000007292255759239199"), new BigDecimal("0.000000007292255759239199")));
        rows.set(1, new ChargebackRow(MONTH.atDay(1), MONTH.atDay(1), "aks-0", "shop", "Deployment", "first", "COMPUTE", "USD",
                BigDecimal.ONE, BigDecimal.ONE, "checkout", "", "CATALOG_OWNER", "m", "idle=none shared=none", false, 1, VMSS, "/subscriptions/s1",
                new BigDecimal("1.25")));
        rows.set(2, new ChargebackRow(MONTH.atDay(2), MONTH.atDay(1), "aks-0", "pay", "Deployment", "pay", "COMPUTE", "EUR",
                BigDecimal.ONE, BigDecimal.ONE, "payments", "", "CATALOG_OWNER", "m", "idle=none shared=none", false, 1, "", "", null));
        rows.set(3, new ChargebackRow(MONTH.atDay(3), MONTH.atDay(1), "aks-0", "x", "Deployment", "x", "COMPUTE", "EUR",
                BigDecimal.TEN, BigDecimal.TEN, "=formula", "", "tag", "m", "idle=none shared=none", false, 1, DISK + 0, "/subscriptions/s1", null));
        rows.sort(java.util.Comparator.comparing(ChargebackRow::day));
        return rows;
    }

    /**
     * 0–9 integer digits, 0–24 decimals, a tenth of them refunds. (A month's total stays below 10^14:
     * DuckDB sums DECIMAL(38, 24) in 128 bits and raises an error beyond that; reports/README.md.)
     */
    private static BigDecimal amount(Random random) {
        BigDecimal v = new BigDecimal(new java.math.BigInteger(40 + random.nextInt(80), random), random.nextInt(25));
        v = v.compareTo(new BigDecimal("1e9")) > 0 ? v.remainder(new BigDecimal("1e9")) : v;
        return random.nextInt(10) == 0 ? v.negate() : v;
    }

    static SortedMap<String, Amounts> sums(List<ChargebackRow> rows) {
        SortedMap<String, Amounts> out = new TreeMap<>();
        for (ChargebackRow r : rows) {
            out.merge(r.currency(), new Amounts(r.billedCost(), r.effectiveCost()), (a, b) -> a.plus(b.billed(), b.effective()));
        }
        return out;
    }

    private static BigDecimal teamTotal(List<ChargebackRow> rows, String team, String currency) {
        return rows.stream().filter(r -> r.team().equals(team) && r.currency().equals(currency)).map(ChargebackRow::billedCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static int indexOf(List<ChargebackRow> rows, String team, String currency) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).team().equals(team) && rows.get(i).currency().equals(currency)) {
                return i;
            }
        }
        throw new AssertionError("no row of " + team + " in " + currency);
    }

    static ChargebackRow withCosts(ChargebackRow r, BigDecimal billed, BigDecimal effective) {
        return new ChargebackRow(r.day(), r.billingPeriod(), r.cluster(), r.namespace(), r.workloadKind(), r.workloadName(),
                r.category(), r.currency(), billed, effective, r.team(), r.costCenter(), r.ownerSource(), r.method(), r.policies(),
                r.estimated(), r.allocationVersion(), r.resourceId(), r.subAccountId(), r.listCost());
    }

    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /** Rows and export totals held in memory. */
    record FakeSource(List<ChargebackRow> rows, SortedMap<String, Amounts> export) implements AllocationSource {
        @Override
        public void forEachRow(YearMonth month, RowSink sink) throws IOException {
            for (ChargebackRow r : rows) {
                sink.accept(r);
            }
        }

        @Override
        public ExportTotals exportTotals(YearMonth month) {
            return new ExportTotals(export, List.of(new ExportTotals.ExportRun("scope", "AmortizedCost", "20260101-20260131", "run-1")));
        }
    }
}
