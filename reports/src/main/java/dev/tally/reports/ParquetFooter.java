package dev.tally.reports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Makes a Parquet file's footer the same bytes in every JVM. The library keeps a column chunk's
 * encodings in a {@code HashSet} of enum constants, whose order follows identity hash codes, so the
 * footer listed them in an order that changed from one process to the next: the same rows gave a
 * file with another SHA-256 (a re-run was never byte-identical, and an unchanged month looked
 * changed). This rewrites the footer in place with each list in a fixed order; the lists keep their
 * elements, so the footer keeps its length and every offset stays valid.
 */
final class ParquetFooter {

    private ParquetFooter() {
    }

    static void sortEncodings(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer tail = readFully(channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
            int length = tail.getInt(0);
            long start = size - 8 - length;
            byte[] footer = readFully(channel, start, length).array();
            FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(footer));
            for (RowGroup group : meta.getRow_groups()) {
                for (ColumnChunk chunk : group.getColumns()) {
                    if (!chunk.isSetMeta_data()) {
                        continue;
                    }
                    ColumnMetaData column = chunk.getMeta_data();
                    List<Encoding> encodings = new ArrayList<>(column.getEncodings());
                    encodings.sort(Comparator.comparingInt(Encoding::getValue));
                    column.setEncodings(encodings);
                    if (column.isSetEncoding_stats()) {
                        List<PageEncodingStats> stats = new ArrayList<>(column.getEncoding_stats());
                        stats.sort(Comparator.<PageEncodingStats>comparingInt(s -> s.getPage_type().getValue())
                                .thenComparingInt(s -> s.getEncoding().getValue()));
                        column.setEncoding_stats(stats);
                    }
                }
            }
            ByteArrayOutputStream rewritten = new ByteArrayOutputStream(length);
            Util.writeFileMetaData(meta, rewritten);
            if (rewritten.size() != length) {
                throw new IOException(file + ": the footer rewritten with its lists in order is " + rewritten.size()
                        + " bytes, not " + length);
            }
            channel.write(ByteBuffer.wrap(rewritten.toByteArray()), start);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("end of file at " + (position + buffer.position()));
            }
        }
        buffer.flip();
        return buffer;
    }
}
