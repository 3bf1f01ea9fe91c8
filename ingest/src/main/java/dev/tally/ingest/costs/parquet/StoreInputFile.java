package dev.tally.ingest.costs.parquet;

import dev.tally.ingest.costs.run.ExportStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet file in an {@link ExportStore} (folder or Blob Storage) as Parquet's {@link InputFile}:
 * a seek re-opens the file at the new position only when it is not just ahead of the current one,
 * so a column chunk read after the footer costs one ranged read, not a download of the file.
 */
public record StoreInputFile(ExportStore store, String name, long length) implements InputFile {
    /** Reads ahead are skipped in place up to this far; farther, the file is re-opened at the target. */
    private static final long SKIP_LIMIT = 1 << 20;

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() {
        return new Stream();
    }

    private final class Stream extends SeekableInputStream {
        private InputStream in;
        private long inPos;   // where {@code in} is
        private long pos;     // where the reader wants to be

        private InputStream at() throws IOException {
            if (in != null && pos >= inPos && pos - inPos <= SKIP_LIMIT) {
                while (inPos < pos) {
                    long skipped = in.skip(pos - inPos);
                    if (skipped <= 0) {
                        if (in.read() < 0) {
                            throw new EOFException(store.location(name) + ": ends at " + inPos);
                        }
                        skipped = 1;
                    }
                    inPos += skipped;
                }
                return in;
            }
            if (in != null) {
                in.close();
            }
            in = store.openAt(name, pos);
            inPos = pos;
            return in;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) {
            pos = newPos;
        }

        @Override
        public int read() throws IOException {
            int b = at().read();
            if (b >= 0) {
                pos++;
                inPos++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = at().read(b, off, len);
            if (n > 0) {
                pos += n;
                inPos += n;
            }
            return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
            int done = 0;
            while (done < len) {
                int n = read(bytes, start + done, len - done);
                if (n < 0) {
                    throw new EOFException(store.location(name) + ": " + (len - done) + " bytes missing at " + pos);
                }
                done += n;
            }
        }

        @Override
        public int read(ByteBuffer buf) throws IOException {
            if (!buf.hasRemaining()) {
                return 0;
            }
            if (buf.hasArray()) {
                int n = read(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
                if (n > 0) {
                    buf.position(buf.position() + n);
                }
                return n;
            }
            byte[] chunk = new byte[Math.min(buf.remaining(), 64 * 1024)];
            int n = read(chunk, 0, chunk.length);
            if (n > 0) {
                buf.put(chunk, 0, n);
            }
            return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            while (buf.hasRemaining()) {
                if (read(buf) < 0) {
                    throw new EOFException(store.location(name) + ": " + buf.remaining() + " bytes missing at " + pos);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }
    }
}
