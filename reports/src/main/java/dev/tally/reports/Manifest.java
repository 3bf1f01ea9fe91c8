package dev.tally.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code manifest.json} of one published version, written last (its presence is what makes the
 * version published). Fields: reports/README.md. Money is written as decimal text, exact.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String schemaVersion, String generator, String month, int version, String basis, String generatedAt,
                       long rowCount, long estimatedRows, long estimatedRowsLeftOut, SortedMap<String, Money> totals, SortedMap<String, Money> exportTotals,
                       List<ExportTotals.ExportRun> exportRuns, List<String> allocationPolicies, List<FileEntry> files,
                       ReconciliationResult reconciliation, Changes changes, List<TeamTotal> teamTotals) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A currency's totals as text; a basis the report does not carry is absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Money(String billed, String effective) {
        public static Money of(Amounts a, Basis basis) {
            return new Money(basis.billed() ? Amounts.plain(a.billed()) : null, basis.effective() ? Amounts.plain(a.effective()) : null);
        }

        public BigDecimal billedAmount() {
            return billed == null ? null : new BigDecimal(billed);
        }

        public BigDecimal effectiveAmount() {
            return effective == null ? null : new BigDecimal(effective);
        }
    }

    /** One file of the version, with its size and SHA-256 (hex). */
    public record FileEntry(String name, long bytes, String sha256) {
    }

    /**
     * @param reconciled  the totals equal the export's
     * @param published   "reconciled", or "unreconciled (--allow-unreconciled)" when published anyway
     * @param differences the gate's lines when not reconciled
     */
    public record ReconciliationResult(boolean reconciled, String published, List<String> differences) {
    }

    /**
     * What changed against the previous published version of the month (absent on v1).
     *
     * @param teams only the team × currency totals that differ, before and after
     */
    public record Changes(int previousVersion, String previousParquetSha256, long rowsBefore, long rowsAfter,
                          SortedMap<String, Money> totalsBefore, List<TeamChange> teams) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TeamChange(String team, String currency, String billedBefore, String billedAfter, String billedChange,
                             String effectiveBefore, String effectiveAfter, String effectiveChange) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TeamTotal(String team, String currency, String billed, String effective) {
    }

    public static SortedMap<String, Money> money(Map<String, Amounts> byCurrency, Basis basis) {
        SortedMap<String, Money> out = new TreeMap<>();
        byCurrency.forEach((c, a) -> out.put(c, Money.of(a, basis)));
        return out;
    }

    public FileEntry file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("manifest of " + month + " v" + version + " lists no " + name));
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest parse(byte[] json, String where) {
        try {
            return JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new IllegalStateException(where + ": not a chargeback manifest (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }
}
