package dev.tally.ingest.costs.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.ingest.costs.csv.CostRows;
import dev.tally.ingest.costs.csv.CsvProblem;
import dev.tally.ingest.costs.csv.CsvRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet cost export (Cost Management writes FOCUS and cost details as Parquet when asked) as
 * the rows a CSV export of the same data would have: the first row is the header (the top-level
 * column names), each value the text the normalizers read.
 *
 * <ul>
 *   <li>DECIMAL (INT32, INT64, BINARY, FIXED) → its exact plain text from the unscaled value and scale.</li>
 *   <li>FLOAT / DOUBLE → the shortest decimal that reads back as the same binary value (what the
 *       writer held, when it came from a decimal of up to 15 significant digits); never more digits
 *       of binary noise.</li>
 *   <li>TIMESTAMP (millis, micros, nanos; INT96 as Spark writes it) → ISO-8601 instant in UTC; DATE → {@code yyyy-MM-dd}.</li>
 *   <li>Text as is; a MAP or other nested value (tags) → its JSON object text; a null → empty text.</li>
 * </ul>
 * A row's "line" is its 1-based row number in the file (the header is row 0). Memory: one row
 * group's column chunks at a time (as the writer sized them; Cost Management's are a few MB), plus one row.
 * A file that cannot be decoded (truncated, corrupt page) throws {@link UncheckedIOException}:
 * the run fails whole, no row of a damaged file is imported.
 */
public final class ParquetCostRows implements CostRows {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String source;
    private final ParquetFileReader reader;
    private final MessageType schema;
    private final List<String> header = new ArrayList<>();
    private RecordReader<Group> records;
    private long rowsLeftInGroup;
    private long row; // rows handed out, header included
    private boolean headerSent;

    private ParquetCostRows(String source, ParquetFileReader reader) {
        this.source = source;
        this.reader = reader;
        this.schema = reader.getFooter().getFileMetaData().getSchema();
        for (Type field : schema.getFields()) {
            header.add(field.getName());
        }
    }

    /** Opens the file and reads its footer; {@link IOException} when it is no Parquet file (or a truncated one). */
    public static ParquetCostRows open(InputFile file, String source) throws IOException {
        // page checksums are verified where the writer wrote them: a flipped byte fails the run instead of changing a cost
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .usePageChecksumVerification(true).build();
        ParquetFileReader reader;
        try {
            reader = ParquetFileReader.open(file, options);
        } catch (RuntimeException e) {
            throw new IOException("not a readable Parquet file: " + e.getMessage(), e);
        }
        return new ParquetCostRows(source, reader);
    }

    public List<String> header() {
        return List.copyOf(header);
    }

    @Override
    public boolean hasNext() {
        if (!headerSent) {
            return true;
        }
        try {
            while (rowsLeftInGroup == 0) {
                PageReadStore pages = reader.readNextRowGroup();
                if (pages == null) {
                    return false;
                }
                rowsLeftInGroup = pages.getRowCount();
                records = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read row group after row " + (row - 1) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new UncheckedIOException("cannot decode row group after row " + (row - 1) + ": " + e.getMessage(),
                    new IOException(e));
        }
    }

    @Override
    public CsvRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (!headerSent) {
            headerSent = true;
            row++;
            return new CsvRow(0, header);
        }
        Group g;
        try {
            g = records.read();
        } catch (RuntimeException e) {
            throw new UncheckedIOException("cannot decode row " + row + ": " + e.getMessage(), new IOException(e));
        }
        rowsLeftInGroup--;
        List<String> fields = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            fields.add(text(g, i, schema.getType(i)));
        }
        return new CsvRow(row++, fields);
    }

    @Override
    public Optional<CsvProblem> problem() {
        return Optional.empty(); // decoding failures are thrown: see the class comment
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    static String text(Group g, int field, Type type) {
        if (g.getFieldRepetitionCount(field) == 0) {
            return "";
        }
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
            return json(g, field, type).toString();
        }
        return primitive(g, field, 0, type.asPrimitiveType());
    }

    private static String primitive(Group g, int field, int index, PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            BigInteger unscaled = switch (type.getPrimitiveTypeName()) {
                case INT32 -> BigInteger.valueOf(g.getInteger(field, index));
                case INT64 -> BigInteger.valueOf(g.getLong(field, index));
                default -> new BigInteger(g.getBinary(field, index).getBytes());
            };
            return new BigDecimal(unscaled, decimal.getScale()).toPlainString();
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
            long v = g.getLong(field, index);
            Instant instant = switch (ts.getUnit()) {
                case MILLIS -> Instant.ofEpochMilli(v);
                case MICROS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000);
                case NANOS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
            };
            return instant.toString();
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return LocalDate.ofEpochDay(g.getInteger(field, index)).toString();
        }
        return switch (type.getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY -> g.getBinary(field, index).toStringUsingUTF8();
            case INT32 -> Integer.toString(g.getInteger(field, index));
            case INT64 -> Long.toString(g.getLong(field, index));
            case BOOLEAN -> Boolean.toString(g.getBoolean(field, index));
            case FLOAT -> new BigDecimal(Float.toString(g.getFloat(field, index))).toPlainString();
            case DOUBLE -> BigDecimal.valueOf(g.getDouble(field, index)).toPlainString();
            case INT96 -> int96(g.getInt96(field, index)).toString();
        };
    }

    /** Spark's and Impala's legacy timestamp: nanoseconds of the day, then the Julian day number (little-endian). */
    static Instant int96(Binary value) {
        ByteBuffer buf = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = buf.getLong();
        int julianDay = buf.getInt();
        long epochDay = julianDay - 2_440_588L;
        return Instant.ofEpochSecond(epochDay * 86_400L).plusNanos(nanosOfDay);
    }

    /** A nested value as JSON: a MAP as an object of its keys, a LIST as an array, a group as an object. */
    private static JsonNode json(Group g, int field, Type type) {
        int count = g.getFieldRepetitionCount(field);
        if (type.isPrimitive()) {
            if (type.isRepetition(Type.Repetition.REPEATED)) {
                ArrayNode array = JSON.arrayNode();
                for (int i = 0; i < count; i++) {
                    array.add(primitive(g, field, i, type.asPrimitiveType()));
                }
                return array;
            }
            return JSON.textNode(primitive(g, field, 0, type.asPrimitiveType()));
        }
        GroupType groupType = type.asGroupType();
        LogicalTypeAnnotation logical = groupType.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation && groupType.getFieldCount() == 1) {
            ObjectNode object = JSON.objectNode();
            Group map = g.getGroup(field, 0);
            GroupType entryType = groupType.getType(0).asGroupType();
            for (int i = 0; i < map.getFieldRepetitionCount(0); i++) {
                Group entry = map.getGroup(0, i);
                String key = text(entry, 0, entryType.getType(0));
                JsonNode value = entry.getFieldRepetitionCount(1) == 0 ? JSON.nullNode() : json(entry, 1, entryType.getType(1));
                object.set(key, value);
            }
            return object;
        }
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && groupType.getFieldCount() == 1) {
            ArrayNode array = JSON.arrayNode();
            Group list = g.getGroup(field, 0);
            Type elementType = groupType.getType(0);
            for (int i = 0; i < list.getFieldRepetitionCount(0); i++) {
                if (elementType.isPrimitive()) {
                    array.add(primitive(list, 0, i, elementType.asPrimitiveType()));
                } else {
                    Group element = list.getGroup(0, i);
                    GroupType et = elementType.asGroupType();
                    array.add(et.getFieldCount() == 1 ? (element.getFieldRepetitionCount(0) == 0 ? JSON.nullNode()
                            : json(element, 0, et.getType(0))) : object(element, et));
                }
            }
            return array;
        }
        if (count > 1 || type.isRepetition(Type.Repetition.REPEATED)) {
            ArrayNode array = JSON.arrayNode();
            for (int i = 0; i < count; i++) {
                array.add(object(g.getGroup(field, i), groupType));
            }
            return array;
        }
        return object(g.getGroup(field, 0), groupType);
    }

    private static ObjectNode object(Group group, GroupType type) {
        ObjectNode object = JSON.objectNode();
        for (int i = 0; i < type.getFieldCount(); i++) {
            object.set(type.getFieldName(i), group.getFieldRepetitionCount(i) == 0 ? JSON.nullNode() : json(group, i, type.getType(i)));
        }
        return object;
    }
}
