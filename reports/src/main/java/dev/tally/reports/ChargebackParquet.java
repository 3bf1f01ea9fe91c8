package dev.tally.reports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;
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
    public static final String SCHEMA_VERSION = "2";
    public static final String SCHEMA_VERSION_KEY = "tally.chargeback.schema_version";
    /**
     * Rows per row group: DuckDB's default, small enough for a month to be several groups encoded
     * in parallel, large enough for dictionaries and ZSTD to work (about 3.4 MB a group here).
     */
    static final int ROW_GROUP_ROWS = 122_880;
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
        // the usage at list prices, whatever the basis; null where the export has no list cost (unknown, not zero)
        b.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(16)
                .as(LogicalTypeAnnotation.decimalType(MONEY_SCALE, MONEY_PRECISION)).named("ListCost");
        // the invoice resource and subscription the money came from; null when the allocation did not keep it
        b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("ResourceId");
        b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("SubAccountId");
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
        write(file, basis, rows, defaultThreads());
    }

    /** The same with {@code threads} encoding row groups at once (the bytes do not depend on it). */
    public static void write(Path file, Basis basis, Iterable<ChargebackRow> rows, int threads) throws IOException {
        try (Writer writer = open(new LocalOutputFile(file), basis, ROW_GROUP_ROWS, threads, file)) {
            for (ChargebackRow row : rows) {
                writer.write(row);
            }
        }
    }

    /** A writer of one new file, fed row by row (a month of a large fleet is never held in memory). */
    public static Writer open(OutputFile file, Basis basis) throws IOException {
        return open(file, basis, ROW_GROUP_ROWS, defaultThreads());
    }

    /** A writer of a local file; its footer lists each column's encodings in a fixed order ({@link ParquetFooter}). */
    public static Writer open(Path file, Basis basis) throws IOException {
        return open(new LocalOutputFile(file), basis, ROW_GROUP_ROWS, defaultThreads(), file);
    }

    static Writer open(OutputFile file, Basis basis, int rowsPerGroup, int threads) throws IOException {
        return open(file, basis, rowsPerGroup, threads, null);
    }

    static Writer open(OutputFile file, Basis basis, int rowsPerGroup, int threads, Path local) throws IOException {
        ParquetFileWriter out = new ParquetFileWriter(file, schema(basis), ParquetFileWriter.Mode.CREATE, Long.MAX_VALUE,
                ParquetWriter.MAX_PADDING_SIZE_DEFAULT, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH, ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED);
        out.start();
        return new Writer(out, basis, rowsPerGroup, threads, local);
    }

    /** Two encoders on a 2-core machine; more cores help little once the file's own appending is the limit. */
    static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Encodes one row group as a Parquet file of its own, in memory (its row group is then copied as is). */
    private static byte[] encodeGroup(Basis basis, List<ChargebackRow> rows) throws IOException {
        InMemoryOutputFile part = new InMemoryOutputFile();
        try (ParquetWriter<ChargebackRow> parquet = new Builder(part, basis)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withDictionaryEncoding(true)
                // amounts are nearly all distinct: a dictionary would only be built to be dropped
                .withDictionaryEncoding("BilledCost", false)
                .withDictionaryEncoding("EffectiveCost", false)
                .withDictionaryEncoding("ListCost", false)
                .withSizeStatisticsEnabled(false)
                .withStatisticsEnabled(false)
                // min/max (row group and page index) only where they let a reader skip data: the file is sorted by day,
                // cluster, namespace, workload, so only those columns' ranges are narrow; every group holds every team,
                // category, currency and amount range, and their min/max cost two comparisons per value
                .withStatisticsEnabled("BillingPeriodStart", true)
                .withStatisticsEnabled("BillingPeriodEnd", true)
                .withStatisticsEnabled("ChargePeriodStart", true)
                .withStatisticsEnabled("ChargePeriodEnd", true)
                .withStatisticsEnabled("x_Cluster", true)
                .withStatisticsEnabled("x_Namespace", true)
                .withStatisticsEnabled("x_Workload", true)
                .withStatisticsEnabled("AllocatedResourceId", true)
                .withStatisticsEnabled("x_Estimated", true)
                .withStatisticsEnabled("x_AllocationVersion", true)
                // the group's size is its row count (ROW_GROUP_ROWS); the byte limit only guards against huge rows
                .withRowGroupSize((long) ROW_GROUP_BYTES)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .build()) {
            for (ChargebackRow row : rows) {
                parquet.write(row);
            }
        }
        return part.bytes();
    }

    /**
     * Rows in, a file out when closed. Rows are cut into groups of a fixed row count; each group is
     * encoded (FOCUS mapping, dictionary, statistics, ZSTD) on a small pool as a Parquet file of its
     * own in memory, and its row groups are copied into the file unchanged, in row order, by the
     * library's own {@link ParquetFileWriter#appendColumnChunk} (page indexes kept). The cut depends
     * on the row count only, never on thread timing, so the same rows give the same bytes whatever
     * the number of threads. At most {@code threads + 1} groups of rows are held at once.
     */
    public static final class Writer implements AutoCloseable {
        private final ParquetFileWriter out;
        private final Basis basis;
        private final int rowsPerGroup;
        private final int threads;
        private final ExecutorService pool;
        private final ArrayDeque<Future<byte[]>> encoding = new ArrayDeque<>();
        private final Path file;
        private List<ChargebackRow> group;
        private boolean closed;

        private Writer(ParquetFileWriter out, Basis basis, int rowsPerGroup, int threads, Path file) {
            this.out = out;
            this.file = file;
            this.basis = basis;
            this.rowsPerGroup = rowsPerGroup;
            this.threads = threads;
            this.pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "chargeback-parquet");
                t.setDaemon(true);
                return t;
            });
            this.group = new ArrayList<>(rowsPerGroup);
        }

        public void write(ChargebackRow row) throws IOException {
            group.add(row);
            if (group.size() == rowsPerGroup) {
                submit();
            }
        }

        private void submit() throws IOException {
            List<ChargebackRow> rows = group;
            group = new ArrayList<>(rowsPerGroup);
            encoding.add(pool.submit(() -> encodeGroup(basis, rows)));
            while (encoding.size() > threads) {
                append(encoding.poll());
            }
        }

        private void append(Future<byte[]> part) throws IOException {
            byte[] bytes;
            try {
                bytes = part.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while encoding a row group of the chargeback file");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException("encoding a row group of the chargeback file failed", e.getCause());
            }
            InMemoryInputFile file = new InMemoryInputFile(bytes);
            try (ParquetFileReader reader = ParquetFileReader.open(file); SeekableInputStream in = file.newStream()) {
                List<ColumnDescriptor> columns = reader.getFileMetaData().getSchema().getColumns();
                for (BlockMetaData block : reader.getRowGroups()) {
                    out.startBlock(block.getRowCount());
                    for (int i = 0; i < columns.size(); i++) {
                        ColumnChunkMetaData chunk = block.getColumns().get(i);
                        out.appendColumnChunk(columns.get(i), in, chunk, reader.readBloomFilter(chunk),
                                reader.readColumnIndex(chunk), reader.readOffsetIndex(chunk));
                    }
                    out.endBlock();
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!group.isEmpty()) {
                    submit();
                }
                while (!encoding.isEmpty()) {
                    append(encoding.poll());
                }
                out.end(metadata(basis));
            } finally {
                pool.shutdownNow();
                out.close();
            }
            if (file != null) {
                ParquetFooter.sortEncodings(file);
            }
        }
    }

    /**
     * The footer's key-value metadata, in key order: the footer lists them in the map's order, and
     * {@code Map.of}'s order changes from one JVM to the next, which made the same rows different
     * bytes in another process (a new version of an unchanged month, a SHA-256 finance cannot match).
     */
    static Map<String, String> metadata(Basis basis) {
        return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(
                Map.of(SCHEMA_VERSION_KEY, SCHEMA_VERSION, "tally.chargeback.basis", basis.label())));
    }

    /** A part's bytes, written by the library into memory. */
    private static final class InMemoryOutputFile implements OutputFile {
        private final Buffer buffer = new Buffer();

        byte[] bytes() {
            return buffer.toByteArray();
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return buffer.size();
                }

                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    buffer.write(b, off, len);
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1 << 20);
        }
    }

    /** A part read back from memory. */
    private record InMemoryInputFile(byte[] bytes) implements InputFile {
        @Override
        public long getLength() {
            return bytes.length;
        }

        @Override
        public SeekableInputStream newStream() {
            Cursor cursor = new Cursor(bytes);
            return new DelegatingSeekableInputStream(cursor) {
                @Override
                public long getPos() {
                    return cursor.position();
                }

                @Override
                public void seek(long newPos) {
                    cursor.seek(newPos);
                }
            };
        }
    }

    private static final class Cursor extends ByteArrayInputStream {
        Cursor(byte[] bytes) {
            super(bytes);
        }

        long position() {
            return pos;
        }

        void seek(long newPos) {
            pos = (int) Math.min(newPos, count);
        }
    }

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /** The exact 16-byte two's-complement big-endian unscaled value; more than 24 decimals is an error, never rounded. */
    static Binary decimal(BigDecimal amount) {
        int scale = amount.scale();
        int precision = amount.precision();
        if (scale >= 0 && scale <= MONEY_SCALE && precision <= 18 && precision - scale <= MONEY_PRECISION - MONEY_SCALE) {
            return fastDecimal(amount.unscaledValue().longValue(), MONEY_SCALE - scale);
        }
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
        return twosComplement(unscaled);
    }

    static Binary twosComplement(BigInteger unscaled) {
        byte[] bytes = unscaled.toByteArray();
        byte[] out = new byte[16];
        byte fill = (byte) (unscaled.signum() < 0 ? 0xFF : 0);
        int pad = 16 - bytes.length;
        for (int i = 0; i < 16; i++) {
            out[i] = i < pad ? fill : bytes[i - pad];
        }
        return Binary.fromConstantByteArray(out);
    }

    /**
     * The common case without BigInteger arithmetic (the writer's hot path): an unscaled long
     * times 10^shift in 128 bits. The caller guarantees the result is below 10^38.
     */
    static Binary fastDecimal(long unscaled, int shift) {
        long hi = unscaled >> 63;
        long lo = unscaled;
        while (shift > 0) {
            long m = POWERS_OF_TEN[Math.min(shift, 18)];
            shift -= Math.min(shift, 18);
            long high = Math.multiplyHigh(lo, m) + ((lo >> 63) & m); // unsigned high word of lo × m
            hi = hi * m + high;
            lo = lo * m;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (hi >>> (56 - 8 * i));
            out[8 + i] = (byte) (lo >>> (56 - 8 * i));
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

    /** What a derived text is computed from (String caches its hash: no concatenation per row). */
    private record Key(String column, String a, String b, String c, String d) {
    }

    /** Turns one row into the columns, in {@link #schema} order; the FOCUS mapping is {@link FocusColumns}. */
    private static final class RowWriteSupport extends WriteSupport<ChargebackRow> {
        private final Basis basis;
        private final MessageType schema;
        private final String[] names;
        private final Map<String, Binary> strings = new HashMap<>();
        private final Map<Key, Optional<Binary>> derived = new HashMap<>();
        private final Map<String, String[]> policies = new HashMap<>();
        private final String[] lastText;
        private final Binary[] lastBinary;
        private final Key[] lastKey;
        private final Binary[] lastDerived;
        private String lastPolicies;
        private String[] lastPolicy;
        private RecordConsumer out;
        private int field;

        RowWriteSupport(Basis basis) {
            this.basis = basis;
            this.schema = schema(basis);
            this.names = schema.getFields().stream().map(Type::getName).toArray(String[]::new);
            this.lastText = new String[names.length];
            this.lastBinary = new Binary[names.length];
            this.lastKey = new Key[names.length];
            this.lastDerived = new Binary[names.length];
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
            return new WriteContext(schema, metadata(basis));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(ChargebackRow row) {
            field = 0;
            out.startMessage();
            timestamp(row.billingPeriod());
            timestamp(row.billingPeriod().plusMonths(1));
            timestamp(row.day());
            timestamp(row.day().plusDays(1));
            text(row.currency());
            if (basis.billed()) {
                money(row.billedCost());
            }
            if (basis.effective()) {
                money(row.effectiveCost());
            }
            if (row.listCost() == null) {
                field++;
            } else {
                money(row.listCost());
            }
            text(emptyToNull(row.resourceId()));
            text(emptyToNull(row.subAccountId()));
            text(FocusColumns.serviceName(row));
            // derived text repeats with its inputs: computed and encoded once per distinct input
            derived(new Key("method id", row.category(), "", "", ""), k -> encode(FocusColumns.METHOD_PREFIX + row.category()));
            derived(new Key("method details", row.method(), row.policies(), "", ""),
                    k -> encode(FocusColumns.methodDetails(row.method(), row.policies())));
            derived(new Key("resource", row.cluster(), row.namespace(), row.workloadKind(), row.workloadName()),
                    k -> encode(FocusColumns.allocatedResourceId(row)));
            text(FocusColumns.allocatedResourceName(row));
            derived(new Key("tags", row.team(), row.costCenter(), "", ""), k -> encode(FocusColumns.allocatedTags(row.team(), row.costCenter())));
            text(row.cluster());
            text(row.namespace());
            text(row.workloadKind());
            text(row.workloadName());
            text(row.team());
            text(row.costCenter());
            text(row.ownerSource());
            text(row.category());
            text(row.method());
            String[] policy = row.policies().equals(lastPolicies) ? lastPolicy : policies.computeIfAbsent(row.policies(),
                    p -> new String[]{FocusColumns.policy(p, "idle"), FocusColumns.policy(p, "shared")});
            lastPolicies = row.policies();
            lastPolicy = policy;
            text(policy[0]);
            text(policy[1]);
            text(row.policies());
            start();
            out.addBoolean(row.estimated());
            end();
            start();
            out.addLong(row.allocationVersion());
            end();
            out.endMessage();
        }

        private void timestamp(LocalDate day) {
            start();
            out.addLong(micros(day));
            end();
        }

        private void money(BigDecimal amount) {
            start();
            out.addBinary(decimal(amount));
            end();
        }

        private static String emptyToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }

        private static Optional<Binary> encode(String value) {
            return Optional.ofNullable(value).map(Binary::fromString);
        }

        /** A derived text: the previous row's when its inputs are equal (sorted rows repeat), else computed once per distinct input. */
        private void derived(Key key, java.util.function.Function<Key, Optional<Binary>> compute) {
            if (!key.equals(lastKey[field])) {
                lastKey[field] = key;
                lastDerived[field] = derived.computeIfAbsent(key, compute).orElse(null);
            }
            Binary value = lastDerived[field];
            if (value == null) {
                field++;
                return;
            }
            start();
            out.addBinary(value);
            end();
        }

        /** Null leaves the optional column empty. */
        private void text(String value) {
            if (value == null) {
                field++;
                return;
            }
            // the previous row's bytes when equal (rows come sorted, so most columns repeat): no hashing
            if (!value.equals(lastText[field])) {
                lastText[field] = value;
                lastBinary[field] = string(value);
            }
            start();
            out.addBinary(lastBinary[field]);
            end();
        }

        private void start() {
            out.startField(names[field], field);
        }

        private void end() {
            out.endField(names[field], field);
            field++;
        }

        /** Repeated text (teams, categories, policies) is turned into bytes once; bounded so a huge month cannot hold it all. */
        private Binary string(String s) {
            if (strings.size() > 100_000 || derived.size() > 100_000) {
                strings.clear();
                derived.clear();
                policies.clear();
            }
            return strings.computeIfAbsent(s, Binary::fromString);
        }

        private static long micros(LocalDate day) {
            return day.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        }
    }
}
