package dev.tally.ingest.gateway.prometheus;

import dev.tally.ingest.gateway.limits.LabelRules;
import dev.tally.ingest.gateway.limits.Limits;
import dev.tally.ingest.gateway.limits.Rejection;
import java.time.Duration;
import java.time.Instant;

/**
 * Validates a remote_write 1.0 {@code WriteRequest} (uncompressed protobuf) in place, without building
 * message objects: series count, labels per series, label name syntax and length, UTF-8 of names and
 * values, duplicate names, sample timestamps not too far ahead. The first problem found ends the scan
 * with a {@link Rejection} whose message names the series (0-based, in request order) and the label.
 * Fields it does not check (exemplars, metadata, native histograms) are skipped, not rejected.
 */
public final class RemoteWriteValidator {

    /** What the gateway learned from a valid request. */
    public record Summary(int series, long samples, long[] seriesHashes) {
    }

    private final Limits limits;

    public RemoteWriteValidator(Limits limits) {
        this.limits = limits;
    }

    public Summary validate(byte[] body, long nowMillis) {
        long maxTimestamp = nowMillis + limits.maxFutureSkew().toMillis();
        ProtoReader reader = new ProtoReader(body, 0, body.length);
        int series = 0;
        long samples = 0;
        long[] hashes = new long[64];
        while (reader.hasMore()) {
            int tag = reader.readTag();
            int field = tag >>> 3;
            int wireType = tag & 7;
            if (field == 1) {
                expectLengthDelimited(wireType, "timeseries");
                if (series >= limits.maxSeriesPerRequest()) {
                    throw Rejection.badRequest("too_many_series", "request has more than " + limits.maxSeriesPerRequest()
                            + " series (limits.max-series-per-request)");
                }
                int end = reader.readLengthDelimitedEnd();
                SeriesResult result = series(body, reader.position(), end, series, maxTimestamp);
                reader.skipTo(end);
                if (series == hashes.length) {
                    hashes = java.util.Arrays.copyOf(hashes, hashes.length * 2);
                }
                hashes[series] = result.hash;
                samples += result.samples;
                series++;
            } else {
                reader.skip(wireType);
            }
        }
        return new Summary(series, samples, java.util.Arrays.copyOf(hashes, series));
    }

    private record SeriesResult(long hash, int samples) {
    }

    private SeriesResult series(byte[] buf, int start, int end, int index, long maxTimestamp) {
        ProtoReader reader = new ProtoReader(buf, start, end);
        int labels = 0;
        int samples = 0;
        long hash = 0xcbf29ce484222325L;
        // label names seen so far: offsets and lengths, to find duplicates without allocating strings
        int[] names = new int[16];
        while (reader.hasMore()) {
            int tag = reader.readTag();
            int field = tag >>> 3;
            int wireType = tag & 7;
            if (field == 1) {
                expectLengthDelimited(wireType, "label");
                labels++;
                if (labels > limits.maxLabelsPerSeries()) {
                    throw Rejection.badRequest("too_many_labels", "series " + index + ": more than "
                            + limits.maxLabelsPerSeries() + " labels (limits.max-labels-per-series)");
                }
                int labelEnd = reader.readLengthDelimitedEnd();
                int[] nameValue = label(buf, reader.position(), labelEnd, index);
                reader.skipTo(labelEnd);
                int nameOff = nameValue[0];
                int nameLen = nameValue[1];
                int valueOff = nameValue[2];
                int valueLen = nameValue[3];
                String where = "series " + index + " label ";
                if (!LabelRules.isValidUtf8(buf, nameOff, nameLen)) {
                    throw Rejection.badRequest("invalid_utf8", where + LabelRules.quote(buf, nameOff, nameLen)
                            + ": name is not valid UTF-8");
                }
                if (nameLen > limits.maxLabelNameLength()) {
                    throw Rejection.badRequest("label_name_too_long", where + LabelRules.quote(buf, nameOff, nameLen)
                            + ": name is " + nameLen + " bytes, above the limit of " + limits.maxLabelNameLength()
                            + " (limits.max-label-name-length)");
                }
                if (!LabelRules.isValidLabelName(buf, nameOff, nameLen)) {
                    throw Rejection.badRequest("invalid_label_name", where + LabelRules.quote(buf, nameOff, nameLen)
                            + ": name does not match [a-zA-Z_][a-zA-Z0-9_]*");
                }
                if (!LabelRules.isValidUtf8(buf, valueOff, valueLen)) {
                    throw Rejection.badRequest("invalid_utf8", where + LabelRules.quote(buf, nameOff, nameLen)
                            + ": value is not valid UTF-8");
                }
                if (valueLen > limits.maxLabelValueLength()) {
                    throw Rejection.badRequest("label_value_too_long", where + LabelRules.quote(buf, nameOff, nameLen)
                            + ": value is " + valueLen + " bytes, above the limit of " + limits.maxLabelValueLength()
                            + " (limits.max-label-value-length)");
                }
                for (int i = 0; i < (labels - 1) * 2; i += 2) {
                    if (java.util.Arrays.equals(buf, names[i], names[i] + names[i + 1], buf, nameOff, nameOff + nameLen)) {
                        throw Rejection.badRequest("duplicate_label", where + LabelRules.quote(buf, nameOff, nameLen)
                                + ": name appears twice");
                    }
                }
                if ((labels) * 2 > names.length) {
                    names = java.util.Arrays.copyOf(names, names.length * 2);
                }
                names[(labels - 1) * 2] = nameOff;
                names[(labels - 1) * 2 + 1] = nameLen;
                hash = fnv(hash, buf, nameOff, nameLen);
                hash = fnv(hash, buf, valueOff, valueLen);
            } else if (field == 2) {
                expectLengthDelimited(wireType, "sample");
                int sampleEnd = reader.readLengthDelimitedEnd();
                long timestamp = sampleTimestamp(buf, reader.position(), sampleEnd);
                reader.skipTo(sampleEnd);
                if (timestamp > maxTimestamp) {
                    throw Rejection.badRequest("timestamp_in_future", "series " + index + " sample " + samples
                            + ": timestamp " + Instant.ofEpochMilli(timestamp) + " is "
                            + Duration.ofMillis(timestamp - (maxTimestamp - limits.maxFutureSkew().toMillis())).toSeconds()
                            + " s ahead of the gateway clock (limit " + limits.maxFutureSkew().toSeconds()
                            + " s, limits.max-future-skew)");
                }
                samples++;
            } else {
                reader.skip(wireType);
            }
        }
        if (labels == 0) {
            throw Rejection.badRequest("no_labels", "series " + index + ": has no labels");
        }
        return new SeriesResult(hash, samples);
    }

    /** Returns {nameOffset, nameLength, valueOffset, valueLength}. */
    private static int[] label(byte[] buf, int start, int end, int index) {
        ProtoReader reader = new ProtoReader(buf, start, end);
        int[] result = {start, 0, start, 0};
        while (reader.hasMore()) {
            int tag = reader.readTag();
            int field = tag >>> 3;
            int wireType = tag & 7;
            if (field == 1 || field == 2) {
                expectLengthDelimited(wireType, field == 1 ? "label name" : "label value");
                int fieldEnd = reader.readLengthDelimitedEnd();
                int at = field == 1 ? 0 : 2;
                result[at] = reader.position();
                result[at + 1] = fieldEnd - reader.position();
                reader.skipTo(fieldEnd);
            } else {
                reader.skip(wireType);
            }
        }
        return result;
    }

    private static long sampleTimestamp(byte[] buf, int start, int end) {
        ProtoReader reader = new ProtoReader(buf, start, end);
        long timestamp = 0;
        while (reader.hasMore()) {
            int tag = reader.readTag();
            int field = tag >>> 3;
            int wireType = tag & 7;
            if (field == 2 && wireType == ProtoReader.VARINT) {
                timestamp = reader.readVarint();
            } else if (field == 1 && wireType != ProtoReader.FIXED64) {
                throw ProtoReader.malformed("sample value has wire type " + wireType + ", expected a double");
            } else {
                reader.skip(wireType);
            }
        }
        return timestamp;
    }

    private static void expectLengthDelimited(int wireType, String what) {
        if (wireType != ProtoReader.LENGTH_DELIMITED) {
            throw ProtoReader.malformed(what + " has wire type " + wireType + ", expected a message");
        }
    }

    private static long fnv(long hash, byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            hash ^= buf[i] & 0xff;
            hash *= 0x100000001b3L;
        }
        // a separator, so ("ab","c") and ("a","bc") differ
        hash ^= 0xff;
        hash *= 0x100000001b3L;
        return hash;
    }
}
