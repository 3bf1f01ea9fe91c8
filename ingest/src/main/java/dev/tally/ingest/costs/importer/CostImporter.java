package dev.tally.ingest.costs.importer;

import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.csv.CostCsvReader;
import dev.tally.ingest.costs.csv.CostRows;
import dev.tally.ingest.costs.format.CostExportFormat;
import dev.tally.ingest.costs.format.UnrecognizedExportException;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostReadResult;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.parquet.ParquetCostRows;
import dev.tally.ingest.costs.parquet.StoreInputFile;
import dev.tally.ingest.costs.run.CostExportRun;
import dev.tally.ingest.costs.run.CostRunException;
import dev.tally.ingest.costs.run.DiscoveredRun;
import dev.tally.ingest.costs.run.RunDiscovery;
import dev.tally.ingest.costs.run.RunPart;
import dev.tally.ingest.costs.run.RunStatus;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Imports the cost export runs under a folder (or one file) into ClickHouse and Kafka.
 *
 * <p>Per run: skip it if it was imported before (same scope and run id: complete, held or
 * superseded); otherwise write its {@code importing} state, insert its line items under a new
 * import id (invisible), send them and the rejected rows to Kafka in one transaction, and at the
 * end decide by {@link RestatementRule}: one insert of its {@code complete} (or {@code held})
 * row makes it what queries see, then the run it replaces is marked superseded. A run that
 * cannot be read whole (truncated gzip, part not matching the manifest, unrecognized header) is
 * {@code failed}: its rows stay invisible and its Kafka transaction is aborted.
 */
public final class CostImporter {
    /** Money columns are Decimal(38, 24): 24 decimal places, 14 integer digits. */
    public static final int MONEY_SCALE = 24;
    public static final int MONEY_INTEGER_DIGITS = 14;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final CostRunStore store;
    private final CostRecordSink sink;
    private final ReadOptions defaults;
    private final int batchSize;
    private final Clock clock;
    private final Consumer<String> progress;
    private long lastVersion;

    /**
     * @param defaults what files cannot say: the view of cost-details rows when no manifest names the
     *                 dataset, and the currency of files without a currency column
     */
    public CostImporter(CostRunStore store, CostRecordSink sink, ReadOptions defaults, int batchSize, Clock clock,
                        Consumer<String> progress) {
        this.store = store;
        this.sink = sink;
        this.defaults = defaults;
        this.batchSize = batchSize;
        this.clock = clock;
        this.progress = progress;
    }

    public ImportReport importPath(Path path) {
        return importAll(new RunDiscovery(defaults.view()).discover(path));
    }

    /** Imports what is ready; a run still incomplete or unusable is a failure naming its file. */
    public ImportReport importAll(List<DiscoveredRun> found) {
        List<RunOutcome> outcomes = new ArrayList<>();
        for (DiscoveredRun run : found) {
            if (run instanceof DiscoveredRun.Unusable u) {
                progress.accept("error: " + u);
                outcomes.add(new RunOutcome(u.file(), null, false, u.toString()));
            } else if (run instanceof DiscoveredRun.Incomplete i) {
                progress.accept("error: " + i);
                outcomes.add(new RunOutcome(i.file(), null, false, i.toString()));
            } else if (run instanceof DiscoveredRun.Ready ready) {
                outcomes.add(importRun(ready.run()));
            }
        }
        return new ImportReport(outcomes);
    }

    public RunOutcome importRun(CostExportRun run) {
        String location = run.location();
        Optional<RunRecord> seen = store.latest(run.scope(), run.runId());
        if (seen.isPresent() && seen.get().status() != RunStatus.IMPORTING && seen.get().status() != RunStatus.FAILED) {
            progress.accept(location + ": run " + run.runId() + " already imported (" + seen.get().status().sqlName()
                    + "), nothing changed");
            return new RunOutcome(location, seen.get(), true, null);
        }
        Instant started = clock.instant();
        String importId = UUID.randomUUID().toString();
        Accumulator acc = new Accumulator();
        CostExportFormat format;
        try {
            format = formatOf(run);
        } catch (CostRunException e) {
            progress.accept("error: " + e.getMessage());
            RunRecord failed = new RunRecord(run.scope(), run.runId(), importId, run.dataset() == null ? "" : run.dataset(),
                    run.datasetVersion(), run.billingPeriod(), run.exportName(), null,
                    run.view().name().toLowerCase(java.util.Locale.ROOT), RunStatus.FAILED,
                    run.producedAt() != null ? run.producedAt() : started, null, null, 0, 0, 0, 0, null, started, null,
                    location, e.getMessage(), nextVersion());
            store.write(failed);
            return new RunOutcome(location, failed, false, e.getMessage());
        }
        String dataset = run.dataset() != null ? run.dataset()
                : format.isFocus() ? "FocusCost" : run.view() == CostView.ACTUAL ? "ActualCost" : "AmortizedCost";
        Instant producedAt = run.producedAt() != null ? run.producedAt()
                : seen.map(RunRecord::producedAt).orElse(started);
        RunRecord importing = new RunRecord(run.scope(), run.runId(), importId, dataset, run.datasetVersion(),
                run.billingPeriod(), run.exportName(), format.name(), run.view().name().toLowerCase(java.util.Locale.ROOT),
                RunStatus.IMPORTING, producedAt, null, null, 0, 0, 0, 0, null, started, null, location, null,
                nextVersion());
        store.write(importing);
        progress.accept(location + ": importing run " + run.runId() + " (" + dataset + ", " + format.displayName()
                + ", " + run.parts().size() + " part(s))");
        try {
            // inside: a broker that cannot be reached fails the run (recorded), not the import after 'importing'
            sink.begin(run.scope(), run.runId());
            for (RunPart part : run.parts()) {
                readPart(run, part, dataset, importId, producedAt, acc);
            }
            acc.flush(store);
        } catch (CostRunException e) {
            sink.abort();
            RunRecord failed = acc.record(importing, run.billingPeriod()).with(RunStatus.FAILED, null, e.getMessage(), nextVersion());
            store.write(failed);
            progress.accept("error: " + e.getMessage());
            return new RunOutcome(location, failed, false, e.getMessage());
        } catch (RuntimeException e) {
            sink.abort();
            store.write(acc.record(importing, run.billingPeriod()).with(RunStatus.FAILED, null, String.valueOf(e.getMessage()), nextVersion()));
            throw e;
        }
        RunRecord read = acc.record(importing, run.billingPeriod() != null ? run.billingPeriod() : acc.billingPeriod());
        Optional<RunRecord> current = store.currentComplete(read.scope(), read.dataset(), read.billingPeriod())
                .filter(c -> !c.runId().equals(read.runId()));
        RestatementRule.Decision decision = RestatementRule.decide(read.facts(), current.map(RunRecord::facts));
        sink.commit();
        RunRecord finished;
        if (decision instanceof RestatementRule.Decision.Apply apply) {
            finished = read.with(RunStatus.COMPLETE, null, null, nextVersion());
            store.write(finished); // the one insert that makes the run what queries see
            if (apply.replaces().isPresent()) {
                RunRecord old = current.orElseThrow();
                store.write(old.with(RunStatus.SUPERSEDED, read.runId(), "superseded by run " + read.runId(), nextVersion(old)));
                progress.accept(location + ": supersedes run " + old.runId());
            }
        } else if (decision instanceof RestatementRule.Decision.Hold hold) {
            finished = read.with(RunStatus.HELD, null, hold.reason(), nextVersion());
            store.write(finished);
            progress.accept(location + ": run " + read.runId() + " " + hold.reason());
        } else {
            var older = (RestatementRule.Decision.SupersededAlready) decision;
            finished = read.with(RunStatus.SUPERSEDED, older.byRunId(), older.reason(), nextVersion());
            store.write(finished);
            progress.accept(location + ": run " + read.runId() + " " + older.reason() + ": kept as superseded");
        }
        progress.accept(location + ": " + finished.identity() + " " + finished.status().sqlName() + ", read "
                + finished.rowsRead() + ", imported "
                + finished.rowsImported() + ", rejected " + finished.rowsRejected());
        return new RunOutcome(location, finished, false, null);
    }

    private CostExportFormat formatOf(CostExportRun run) {
        CostExportFormat format = null;
        for (RunPart part : run.parts()) {
            try (CostExportReader reader = open(part, run.view())) {
                if (format == null) {
                    format = reader.format();
                } else if (reader.format().isFocus() != format.isFocus()) {
                    throw new CostRunException(part.location(), "is " + reader.format().displayName()
                            + " but the run's first part is " + format.displayName());
                }
            } catch (IOException | UncheckedIOException e) {
                throw new CostRunException(part.location(), unreadable(part, e), e);
            }
        }
        return format;
    }

    private void readPart(CostExportRun run, RunPart part, String dataset, String importId, Instant producedAt,
                          Accumulator acc) {
        long rowsBefore = acc.rowsRead;
        try (CostExportReader reader = open(part, run.view())) {
            while (reader.hasNext()) {
                CostReadResult result = reader.next();
                acc.rowsRead++;
                if (result instanceof CostLineItem item) {
                    Optional<CostRejection> tooPrecise = checkMoney(item);
                    if (tooPrecise.isPresent()) {
                        acc.reject(run, tooPrecise.get());
                    } else {
                        acc.add(new ImportedLineItem(run.scope(), dataset, run.runId(), importId, producedAt, item));
                    }
                } else if (result instanceof CostRejection rejection) {
                    acc.reject(run, rejection);
                }
                if (acc.pending.size() >= batchSize) {
                    acc.flush(store);
                    progress.accept(part.fileName() + ": " + acc.rowsRead + " rows read");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CostRunException(part.location(), unreadable(part, e), e);
        }
        long rows = acc.rowsRead - rowsBefore;
        if (part.expectedRows() >= 0 && rows != part.expectedRows()) {
            throw new CostRunException(part.location(), "has " + rows + " data rows but the manifest says "
                    + part.expectedRows() + ": nothing of the run was imported");
        }
    }

    private static String unreadable(RunPart part, Exception e) {
        if (part.parquet()) {
            return "truncated or corrupt Parquet (" + e.getMessage() + "): nothing of the run was imported";
        }
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        String what = part.gzip() ? "truncated or corrupt gzip" : "cannot be read";
        return what + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                + "): nothing of the run was imported";
    }

    private CostExportReader open(RunPart part, CostView view) throws IOException {
        CostRows rows = part.parquet() ? parquetRows(part) : csvRows(part);
        try {
            return CostExportReader.open(rows, part.location(), new ReadOptions(view, defaults.currencyWhenAbsent()));
        } catch (UnrecognizedExportException e) {
            rows.close();
            String file = part.location();
            String message = e.getMessage().startsWith(file + ": ") ? e.getMessage().substring(file.length() + 2) : e.getMessage();
            throw new CostRunException(file, message, e);
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    private static CostRows csvRows(RunPart part) throws IOException {
        InputStream in = new BufferedInputStream(part.open(), 64 * 1024);
        try {
            return CostCsvReader.of(part.gzip() ? new GZIPInputStream(in, 64 * 1024) : in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static CostRows parquetRows(RunPart part) throws IOException {
        long length = part.expectedBytes() >= 0 ? part.expectedBytes()
                : part.store().find(part.name()).orElseThrow(() -> new java.io.FileNotFoundException(part.location())).bytes();
        return ParquetCostRows.open(new StoreInputFile(part.store(), part.name(), length), part.location());
    }

    /** Money the Decimal(38, 24) columns cannot hold exactly is a rejected row, never a rounded one. */
    static Optional<CostRejection> checkMoney(CostLineItem item) {
        String[] names = {"BilledCost", "EffectiveCost", "ListCost", "ConsumedQuantity"};
        BigDecimal[] values = {item.billedCost(), item.effectiveCost(), item.listCost(), item.consumedQuantity()};
        for (int i = 0; i < values.length; i++) {
            BigDecimal v = values[i];
            if (v == null || v.signum() == 0) {
                continue;
            }
            BigDecimal s = v.stripTrailingZeros();
            if (s.scale() > MONEY_SCALE) {
                return Optional.of(new CostRejection(item.sourceFile(), item.sourceLine(), names[i], v.toPlainString()
                        + " has more than " + MONEY_SCALE + " decimal places; stored exactly or not at all"));
            }
            if (s.precision() - s.scale() > MONEY_INTEGER_DIGITS) {
                return Optional.of(new CostRejection(item.sourceFile(), item.sourceLine(), names[i], v.toPlainString()
                        + " has more than " + MONEY_INTEGER_DIGITS + " integer digits"));
            }
        }
        return Optional.empty();
    }

    /** Versions only grow, also when the clock does not move between two states. */
    private long nextVersion() {
        lastVersion = Math.max(lastVersion + 1, clock.millis() * 1000);
        return lastVersion;
    }

    private long nextVersion(RunRecord after) {
        long v = nextVersion();
        if (v <= after.version()) {
            lastVersion = after.version() + 1;
        }
        return lastVersion;
    }

    private final class Accumulator {
        final List<ImportedLineItem> pending = new ArrayList<>();
        final SortedMap<String, CurrencyTotals> totals = new TreeMap<>();
        long rowsRead;
        long imported;
        long rejected;
        Instant chargeStart;
        Instant chargeEnd;
        Instant billingStart;
        Instant billingEnd;

        void add(ImportedLineItem row) {
            CostLineItem item = row.item();
            pending.add(row);
            imported++;
            totals.merge(item.billingCurrency(), CurrencyTotals.ZERO.plus(item.billedCost(), item.effectiveCost()),
                    (a, b) -> a.plus(b.billedCost(), b.effectiveCost()));
            chargeStart = min(chargeStart, item.chargePeriodStart());
            chargeEnd = max(chargeEnd, item.chargePeriodEnd());
            billingStart = min(billingStart, item.billingPeriodStart());
            billingEnd = max(billingEnd, item.billingPeriodEnd());
            sink.item(row);
        }

        void reject(CostExportRun run, CostRejection rejection) {
            rejected++;
            sink.rejected(run.scope(), run.runId(), rejection);
        }

        void flush(CostRunStore target) {
            if (!pending.isEmpty()) {
                target.insert(List.copyOf(pending));
                pending.clear();
            }
        }

        /** For a hand-dropped file: its rows' billing period (else their charge period) as {@code yyyyMMdd-yyyyMMdd}. */
        String billingPeriod() {
            Instant start = billingStart != null ? billingStart : chargeStart;
            Instant end = billingStart != null ? billingEnd : chargeEnd;
            if (start == null || end == null) {
                return "none";
            }
            return DAY.format(start) + "-" + DAY.format(end.minusSeconds(1));
        }

        RunRecord record(RunRecord importing, String billingPeriod) {
            long days = chargeStart == null || chargeEnd == null ? 0
                    : (Duration.between(chargeStart, chargeEnd).toSeconds() + 86_399) / 86_400;
            return new RunRecord(importing.scope(), importing.runId(), importing.importId(), importing.dataset(),
                    importing.datasetVersion(), billingPeriod, importing.exportName(), importing.format(),
                    importing.costView(), importing.status(), importing.producedAt(), chargeStart, chargeEnd, days,
                    rowsRead, imported, rejected, totals, importing.importedAt(), null, importing.location(), null,
                    importing.version());
        }

        private static Instant min(Instant a, Instant b) {
            return a == null ? b : b == null || a.isBefore(b) ? a : b;
        }

        private static Instant max(Instant a, Instant b) {
            return a == null ? b : b == null || a.isAfter(b) ? a : b;
        }
    }
}
