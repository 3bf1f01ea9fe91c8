package dev.tally.reports;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Writes the chargeback rows as the report's Parquet file (columns: reports/README.md).
 * Money is DECIMAL(38, 24): the allocation's own type (Decimal(38, 24) in ClickHouse, up to 24
 * decimals in the exports), so every amount is written exactly, never rounded; 14 integer digits
 * hold any row. Timestamps are UTC microseconds; text is dictionary-encoded; pages are ZSTD.
 * The same rows give the same bytes (no time or host in the file), so a rerun of an unchanged
 * month is recognized by its SHA-256.
 */
public final class ChargebackParquet {
    public static final int MONEY_PRECISION = 38;
    public static final int MONEY_SCALE = 24;
    /** Bumped when a column is added, removed or changes meaning; in the file's metadata and the manifest. */
    public static final String SCHEMA_VERSION = "1";
    public static final String SCHEMA_VERSION_KEY = "tally.chargeback.schema_version";
    static final int ROW_GROUP_BYTES = 64 * 1024 * 1024;
    private static final BigInteger MAX_UNSCALED = BigInteger.TEN.pow(MONEY_PRECISION);

    private ChargebackParquet() {
    }

    /** The columns in file order for a basis: the money columns the basis carries, the rest always. */
    public static MessageType schema(Basis basis) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.INT64).as(micros()).named("BillingPeriodStart");
        b.required(PrimitiveTypeName.INT64).as(micros()).named("BillingPeriodEnd");
        b.required(PrimitiveTypeName.INT64).as(micros()).named("ChargePeriodStart");
        b.required(PrimitiveTypeName.INT64).as(micros()).named("ChargePeriodEnd");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("BillingCurrency");
        if (basis.billed()) {
            money(b, "BilledCost");
        }
        if (basis.effective()) {
            money(b, "EffectiveCost");
        }
        b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("ServiceName");
        for (String name : List.of("AllocatedMethodId", "AllocatedMethodDetails")) {
            b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
        }
        for (String name : List.of("AllocatedResourceId", "AllocatedResourceName")) {
            b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
        }
        b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("AllocatedTags"); // JSON text, as FOCUS Tags
        for (String name : List.of("x_Cluster", "x_Namespace", "x_WorkloadKind", "x_Workload", "x_Team", "x_CostCenter",
                "x_OwnerSource", "x_CostCategory", "x_AllocationMethod", "x_IdlePolicy", "x_SharedPolicy", "x_AllocationPolicies")) {
            b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
        }
        b.required(PrimitiveTypeName.BOOLEAN).named("x_Estimated");
        b.required(PrimitiveTypeName.INT64).named("x_AllocationVersion");
        return b.named("chargeback");
    }

    private static LogicalTypeAnnotation micros() {
        return LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS);
    }

    private static void money(Types.MessageTypeBuilder b, String name) {
        b.required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(16)
                .as(LogicalTypeAnnotation.decimalType(MONEY_SCALE, MONEY_PRECISION)).named(name);
    }

    /** Writes the rows to a new file (an existing file is an error: reports are never overwritten). */
    public static void write(Path file, Basis basis, Iterable<ChargebackRow> rows) throws IOException {
        try (Writer writer = open(new LocalOutputFile(file), basis)) {
            for (ChargebackRow row : rows) {
                writer.write(row);
            }
        }
    }

    /** A writer of one new file, fed row by row (a month of a large fleet is never held in memory). */
    public static Writer open(OutputFile file, Basis basis) throws IOException {
        return new Writer(new Builder(file, basis)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withDictionaryEncoding(true)
                .withRowGroupSize((long) ROW_GROUP_BYTES)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .build());
    }

    public static Writer open(Path file, Basis basis) throws IOException {
        return open(new LocalOutputFile(file), basis);
    }

    /** Rows in, a file out when closed. */
    public static final class Writer implements AutoCloseable {
        private final ParquetWriter<ChargebackRow> parquet;

        private Writer(ParquetWriter<ChargebackRow> parquet) {
            this.parquet = parquet;
        }

        public void write(ChargebackRow row) throws IOException {
            parquet.write(row);
        }

        @Override
        public void close() throws IOException {
            parquet.close();
        }
    }

    /** The exact 16-byte two's-complement big-endian unscaled value; more than 24 decimals is an error, never rounded. */
    static Binary decimal(BigDecimal amount) {
        BigInteger unscaled;
        try {
            unscaled = amount.setScale(MONEY_SCALE, RoundingMode.UNNECESSARY).unscaledValue();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " has more than " + MONEY_SCALE
                    + " decimals: the report would have to round it");
        }
        if (unscaled.abs().compareTo(MAX_UNSCALED) >= 0) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " exceeds DECIMAL(" + MONEY_PRECISION
                    + ", " + MONEY_SCALE + ")");
        }
        byte[] bytes = unscaled.toByteArray();
        byte[] out = new byte[16];
        byte fill = (byte) (unscaled.signum() < 0 ? 0xFF : 0);
        int pad = 16 - bytes.length;
        for (int i = 0; i < 16; i++) {
            out[i] = i < pad ? fill : bytes[i - pad];
        }
        return Binary.fromConstantByteArray(out);
    }

    private static final class Builder extends ParquetWriter.Builder<ChargebackRow, Builder> {
        private final Basis basis;

        Builder(OutputFile file, Basis basis) {
            super(file);
            this.basis = basis;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ChargebackRow> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(basis);
        }

        @Override
        protected WriteSupport<ChargebackRow> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(basis);
        }
    }

    /** Turns one row into the columns; the FOCUS mapping is {@link FocusColumns}. */
    private static final class RowWriteSupport extends WriteSupport<ChargebackRow> {
        private final Basis basis;
        private final MessageType schema;
        private final Map<String, Binary> strings = new HashMap<>();
        private RecordConsumer out;

        RowWriteSupport(Basis basis) {
            this.basis = basis;
            this.schema = schema(basis);
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return context();
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return context();
        }

        private WriteContext context() {
            return new WriteContext(schema, Map.of(SCHEMA_VERSION_KEY, SCHEMA_VERSION, "tally.chargeback.basis", basis.label()));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(ChargebackRow row) {
            FocusColumns f = FocusColumns.of(row);
            List<Object> values = new ArrayList<>(32);
            values.add(micros(row.billingPeriod()));
            values.add(micros(row.billingPeriod().plusMonths(1)));
            values.add(micros(row.day()));
            values.add(micros(row.day().plusDays(1)));
            values.add(row.currency());
            if (basis.billed()) {
                values.add(row.billedCost());
            }
            if (basis.effective()) {
                values.add(row.effectiveCost());
            }
            values.add(f.serviceName());
            values.add(f.allocatedMethodId());
            values.add(f.allocatedMethodDetails());
            values.add(f.allocatedResourceId());
            values.add(f.allocatedResourceName());
            values.add(f.allocatedTags());
            values.add(row.cluster());
            values.add(row.namespace());
            values.add(row.workloadKind());
            values.add(row.workloadName());
            values.add(row.team());
            values.add(row.costCenter());
            values.add(row.ownerSource());
            values.add(row.category());
            values.add(row.method());
            values.add(f.idlePolicy());
            values.add(f.sharedPolicy());
            values.add(row.policies());
            values.add(row.estimated());
            values.add(row.allocationVersion());
            out.startMessage();
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v == null) {
                    continue;
                }
                Type field = schema.getType(i);
                out.startField(field.getName(), i);
                if (v instanceof Long l) {
                    out.addLong(l);
                } else if (v instanceof Boolean bool) {
                    out.addBoolean(bool);
                } else if (v instanceof BigDecimal d) {
                    out.addBinary(decimal(d));
                } else {
                    out.addBinary(string((String) v));
                }
                out.endField(field.getName(), i);
            }
            out.endMessage();
        }

        /** Repeated text (teams, categories, policies) is turned into bytes once; bounded so a huge month cannot hold it all. */
        private Binary string(String s) {
            if (strings.size() > 100_000) {
                strings.clear();
            }
            return strings.computeIfAbsent(s, Binary::fromString);
        }

        private static long micros(LocalDate day) {
            return day.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        }
    }
}
