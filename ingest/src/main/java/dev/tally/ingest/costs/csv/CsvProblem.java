package dev.tally.ingest.costs.csv;

/**
 * What stopped the CSV reader from going on: the file cannot be split into records after
 * {@code line} (a quote never closed before the record-size cap, or a syntax the lenient
 * reader still refuses). Everything before that line was read.
 */
public record CsvProblem(long line, String reason) {}
