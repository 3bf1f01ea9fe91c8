#!/usr/bin/env node
'use strict';
// Tally's local ClickHouse endpoint: the real ClickHouse engine, embedded in this process by
// chDB, served over the subset of ClickHouse's HTTP interface that clickhouse-jdbc 0.11 uses.
// It exists so that tests and the one-machine demo run without Docker (the Debian
// clickhouse-server package is too old for the modern driver). See ../README.md.
//
//   node server.js --data-dir DIR [--port 8123] [--host 127.0.0.1] [--exit-with-stdin] [--config-file FILE]
//
// --config-file hands the engine a ClickHouse configuration file (clickhouse-local's option): with
// a users file that redefines the user "default" (grants, row policies, a read-only profile), every
// query runs as that user. The endpoint itself authenticates nobody: the user and password of a
// request are ignored, as they always were (see dashboards/README.md, per-team isolation).
//
// Prints exactly one line on stdout once it serves requests: "ready port=N".
// Start-up failures print exactly one line on stderr and exit non-zero.

// Pin the engine's time zone before chDB loads: it reads TZ once, and a developer's local
// zone must not leak into DateTime values (the real servers Tally targets run in UTC).
process.env.TZ = 'UTC';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const EXIT_USAGE = 64;
const EXIT_UNAVAILABLE = 69;
const SERVER_TIME_ZONE = 'UTC';
const CHDB_DIR = path.join(__dirname, 'node_modules', 'chdb');

// ---------------------------------------------------------------------------------------------
// Start-up

function fail(message, exitCode = EXIT_UNAVAILABLE) {
  // A leading newline guards the "one line" contract when the engine has already written a
  // partial line of its own to stderr.
  process.stderr.write(`\n${message}\n`);
  process.exit(exitCode);
}

function parseArgs(argv) {
  const options = { dataDir: null, port: 8123, host: '127.0.0.1', exitWithStdin: false, configFile: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`, EXIT_USAGE);
      return argv[++i];
    };
    switch (arg) {
      case '--data-dir': options.dataDir = path.resolve(value()); break;
      case '--port': options.port = Number(value()); break;
      case '--host': options.host = value(); break;
      case '--exit-with-stdin': options.exitWithStdin = true; break;
      case '--config-file': options.configFile = path.resolve(value()); break;
      default: fail(`unknown argument ${arg}: usage: node server.js --data-dir DIR [--port N] [--host H] [--exit-with-stdin] [--config-file FILE]`, EXIT_USAGE);
    }
  }
  if (!options.dataDir) fail('--data-dir is required: usage: node server.js --data-dir DIR [--port N]', EXIT_USAGE);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    fail(`--port must be an integer between 0 and 65535 (0 picks a free port)`, EXIT_USAGE);
  }
  return options;
}

function loadChdb() {
  // Resolve chDB only from this folder's node_modules: a copy found further up the tree or on
  // NODE_PATH would hide a missing install and make the failure message lie.
  if (!fs.existsSync(path.join(CHDB_DIR, 'package.json'))) {
    fail(`chdb is not installed in ${path.dirname(CHDB_DIR)}: run ./tally test (or npm ci --prefix local/clickhouse-http)`);
  }
  try {
    return require(CHDB_DIR);
  } catch (e) {
    fail(`chdb in ${path.dirname(CHDB_DIR)} failed to load (${firstLine(e.message)}): run npm ci --prefix local/clickhouse-http`);
  }
}

function listen(server, options) {
  return new Promise((resolve) => {
    server.once('error', (e) => {
      if (e.code === 'EADDRINUSE') {
        fail(`port ${options.port} is already in use: another process listens on ${options.host}:${options.port}; stop it or choose another port`);
      }
      fail(`cannot listen on ${options.host}:${options.port}: ${e.message}`);
    });
    server.listen(options.port, options.host, () => resolve(server.address().port));
  });
}

function openSession(chdb, dataDir, configFile) {
  fs.mkdirSync(dataDir, { recursive: true });
  // The engine locks the directory and writes the owner's PID to "status"; checking it first
  // turns the engine's multi-line complaint into one actionable line.
  const owner = statusFileOwner(dataDir);
  if (owner !== null) {
    fail(`the data directory ${dataDir} is in use by another ClickHouse process (pid ${owner}): stop it or use another data directory`);
  }
  try {
    if (configFile !== null && !fs.existsSync(configFile)) fail(`the ClickHouse configuration file ${configFile} does not exist`);
    return new chdb.Session(dataDir, configFile === null ? undefined : { connectionArgs: [`--config-file=${configFile}`] });
  } catch (e) {
    fail(`cannot open ClickHouse data in ${dataDir}: ${firstLine(e.message)}`);
  }
}

function statusFileOwner(dataDir) {
  let text;
  try {
    text = fs.readFileSync(path.join(dataDir, 'status'), 'utf8');
  } catch (e) {
    return null;
  }
  const match = /^PID: (\d+)/m.exec(text);
  if (!match) return null;
  const pid = Number(match[1]);
  return pid !== process.pid && isRunning(pid) ? pid : null; // else a stale file left by a killed process
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  // A killed process that nobody has reaped yet still answers kill(0) but holds no lock.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch (e) {
    return true; // no /proc (macOS): trust kill(0)
  }
}

function firstLine(text) {
  return String(text).split('\n').map((l) => l.trim()).find((l) => l.length > 0) || String(text);
}

// ---------------------------------------------------------------------------------------------
// ClickHouse errors

const ErrorCode = Object.freeze({
  BAD_ARGUMENTS: 36,
  NOT_IMPLEMENTED: 48,
  SYNTAX_ERROR: 62,
  UNKNOWN_COMPRESSION_METHOD: 89,
  NO_DATA_TO_INSERT: 108,
  STD_EXCEPTION: 1001,
});

// How ClickHouse's HTTP handler maps an exception to a status (by exception name; the
// mapping lives in the server's exceptionCodeToHTTPStatus). Everything else is a 500.
const STATUS_BY_ERROR_NAME = new Map([
  ...['REQUIRED_PASSWORD'].map((n) => [n, 401]),
  ...['UNKNOWN_USER', 'WRONG_PASSWORD', 'AUTHENTICATION_FAILED', 'SET_NON_GRANTED_ROLE', 'ACCESS_DENIED']
    .map((n) => [n, 403]),
  ...['BAD_ARGUMENTS', 'CANNOT_COMPILE_REGEXP', 'CANNOT_PARSE_TEXT', 'CANNOT_PARSE_ESCAPE_SEQUENCE',
    'CANNOT_PARSE_QUOTED_STRING', 'CANNOT_PARSE_DATE', 'CANNOT_PARSE_DATETIME', 'CANNOT_PARSE_NUMBER',
    'CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING', 'CANNOT_PARSE_IPV4', 'CANNOT_PARSE_IPV6',
    'CANNOT_PARSE_INPUT_ASSERTION_FAILED', 'CANNOT_PARSE_UUID', 'DUPLICATE_COLUMN', 'ILLEGAL_COLUMN',
    'UNKNOWN_ELEMENT_IN_AST', 'UNKNOWN_TYPE_OF_AST_NODE', 'THERE_IS_NO_COLUMN', 'TOO_DEEP_AST',
    'TOO_BIG_AST', 'UNEXPECTED_AST_STRUCTURE', 'SYNTAX_ERROR', 'INCORRECT_DATA', 'TYPE_MISMATCH',
    'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE'].map((n) => [n, 400]),
  ...['UNKNOWN_TABLE', 'UNKNOWN_FUNCTION', 'UNKNOWN_IDENTIFIER', 'UNKNOWN_TYPE', 'UNKNOWN_STORAGE',
    'UNKNOWN_DATABASE', 'UNKNOWN_SETTING', 'UNKNOWN_DIRECTION_OF_SORTING', 'UNKNOWN_AGGREGATE_FUNCTION',
    'UNKNOWN_FORMAT', 'UNKNOWN_DATABASE_ENGINE', 'UNKNOWN_TYPE_OF_QUERY', 'UNKNOWN_ROLE'].map((n) => [n, 404]),
  ['QUERY_IS_TOO_LARGE', 413],
  ['NOT_IMPLEMENTED', 501],
  ['SOCKET_TIMEOUT', 503],
  ['CANNOT_OPEN_FILE', 503],
  ['CANNOT_SCHEDULE_TASK', 503],
  ['HTTP_LENGTH_REQUIRED', 411],
  ['TIMEOUT_EXCEEDED', 408],
  ['UNSUPPORTED_MEDIA_TYPE', 415],
]);

/** An error in ClickHouse's shape: numeric code, NAME, and the message text without the name. */
class ClickHouseError extends Error {
  constructor(code, name, text) {
    super(`Code: ${code}. DB::Exception: ${text} (${name})`);
    this.code = code;
    this.errorName = name;
  }

  get httpStatus() {
    return STATUS_BY_ERROR_NAME.get(this.errorName) || 500;
  }
}

/**
 * chDB reports the engine's exception text, sometimes nested ("Code: 73. DB::Exception: Code: 73.
 * DB::Exception: … (version …). (UNKNOWN_FORMAT)"). Reduce it to the single message a server
 * would send.
 */
function toClickHouseError(e) {
  if (e instanceof ClickHouseError) return e;
  let message = String(e && e.message != null ? e.message : e).trim();
  for (;;) {
    const nested = /^Code: \d+\. DB::Exception: (Code: \d+\. DB::Exception: [\s\S]*)$/.exec(message);
    if (!nested) break;
    message = nested[1];
  }
  for (;;) {
    const repeatedTail = /^([\s\S]*\([A-Z0-9_]+\)) \(version [^\n]*?\)\.? \([A-Z0-9_]+\)$/.exec(message);
    if (!repeatedTail) break;
    message = repeatedTail[1];
  }
  const parsed = /^Code: (\d+)\. DB::Exception: ([\s\S]*?)\s*\(([A-Z0-9_]+)\)$/.exec(message);
  if (parsed) return new ClickHouseError(Number(parsed[1]), parsed[3], parsed[2]);
  const code = e && Number.isInteger(e.clickhouseCode) ? e.clickhouseCode : ErrorCode.STD_EXCEPTION;
  return new ClickHouseError(code, code === ErrorCode.STD_EXCEPTION ? 'STD_EXCEPTION' : 'UNKNOWN', message);
}

// ---------------------------------------------------------------------------------------------
// SQL inspection (only as much as the HTTP protocol needs; the engine parses the real thing)

/** The first keyword of a statement, after whitespace and comments, upper-cased. */
function leadingKeyword(sql) {
  const match = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*\(*\s*([A-Za-z]+)/.exec(sql);
  return match ? match[1].toUpperCase() : '';
}

/** The output format named by a trailing FORMAT clause of a query, or null. */
function formatClause(sql) {
  const match = /\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i.exec(sql);
  return match ? match[1] : null;
}

const BINARY_FORMATS = new Set([
  'rowbinary', 'rowbinarywithnames', 'rowbinarywithnamesandtypes', 'rowbinarywithdefaults', 'native',
  'parquet', 'arrow', 'arrowstream', 'orc', 'avro', 'protobuf', 'protobufsingle', 'protobuflist',
  'capnproto', 'msgpack', 'bsoneachrow', 'npy', 'rawblob',
].map((f) => f.toLowerCase()));

function isBinaryFormat(format) {
  return format != null && BINARY_FORMATS.has(format.toLowerCase());
}

/**
 * Rewrites "INSERT INTO t [(cols)] [SETTINGS …] FORMAT F" to read its data from a file. chDB takes
 * SQL as a JavaScript string, so binary insert data cannot travel inline; the engine reads the
 * file itself, byte-exact. Returns null if the statement does not have that shape.
 */
function insertFromFile(insertSql, file) {
  const match = /^([\s\S]*?)(\s+SETTINGS\s+[^()]*?)?\s+FORMAT\s+([A-Za-z0-9_]+)\s*$/i.exec(insertSql.trim());
  if (!match || leadingKeyword(match[1]) !== 'INSERT') return null;
  const quotedFile = `'${file.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `${match[1]} FROM INFILE ${quotedFile}${match[2] || ''} FORMAT ${match[3]}`;
}

/**
 * The value chDB should bind for an HTTP "param_" value. ClickHouse reads those values in its
 * escaped text form (so "it\'s" means it's), while chDB escapes what it is given: String values
 * are decoded here so the engine sees what a server would. "\N" is NULL for Nullable types.
 * Other types (numbers, dates, arrays…) pass through as written.
 */
function parameterValue(sql, name, value) {
  const type = parameterType(sql, name);
  if (type === null) return value;
  if (value === '\\N' && /^Nullable\(/.test(type)) return null;
  return /^(Nullable\()?(LowCardinality\()?(String|FixedString\(\d+\))\)*$/.test(type) ? unescapeText(value) : value;
}

/** The declared type of placeholder {name:Type} in the statement, without spaces, or null. */
function parameterType(sql, name) {
  const escapedName = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\{\\s*${escapedName}\\s*:\\s*([^{}]+?)\\s*\\}`).exec(sql);
  return match ? match[1].replace(/\s+/g, '') : null;
}

const ESCAPED_BYTES = { a: 0x07, b: 0x08, e: 0x1b, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, 0: 0x00 };

/** Decodes ClickHouse's escape sequences (\t, \\, \', \xHH, …) byte by byte, as the server does. */
function unescapeText(text) {
  const input = Buffer.from(text, 'utf8');
  const output = Buffer.alloc(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== 0x5c || i + 1 >= input.length) {
      output[length++] = input[i];
      continue;
    }
    const next = String.fromCharCode(input[++i]);
    const hex = next === 'x' ? /^[0-9A-Fa-f]{2}$/.exec(input.toString('latin1', i + 1, i + 3)) : null;
    if (hex) {
      output[length++] = parseInt(hex[0], 16);
      i += 2;
    } else {
      output[length++] = next in ESCAPED_BYTES ? ESCAPED_BYTES[next] : input[i];
    }
  }
  return output.toString('utf8', 0, length);
}

function quoteIdentifier(name) {
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

function quoteString(value) {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

// ---------------------------------------------------------------------------------------------
// The engine: one chDB session, used by one request at a time

/**
 * A chDB session keeps state between queries (the current database, SET settings), like a
 * ClickHouse HTTP session_id does, while each plain HTTP request must start from the server's
 * defaults. So requests run one at a time: each one selects its database, applies its settings,
 * runs, and leaves the session as it found it. The engine still uses all cores within a query.
 */
class Engine {
  constructor(session) {
    this.session = session;
    this.tail = Promise.resolve();
    this.currentDatabase = null;
    this.baselineSettings = new Map();
  }

  async start() {
    this.baselineSettings = await this.changedSettings();
    const version = await this.session.queryAsync('SELECT version()', { format: 'TSVRaw' });
    this.version = version.text().trim();
  }

  /** Runs task(engine) after every earlier task has finished. */
  exclusive(task) {
    const result = this.tail.then(() => task(this));
    this.tail = result.then(() => {}, () => {});
    return result;
  }

  /** Resolves once every task queued so far has finished. */
  drain() {
    return this.tail;
  }

  execute(job) {
    return this.exclusive(async () => {
      await this.useDatabase(job.database);
      const mayChangeSettings = job.settings.size > 0 || /\bSET\b/i.test(job.sql);
      try {
        await this.applySettings(job.settings);
        const before = job.isInsert ? await this.insertCounters() : null;
        const result = await this.run(job);
        const after = job.isInsert ? await this.insertCounters() : null;
        return {
          bytes: result.bytes,
          resultRows: result.rowsRead,
          resultBytes: result.bytesRead,
          writtenRows: after ? after.rows - before.rows : 0,
          writtenBytes: after ? after.bytes - before.bytes : 0,
          elapsedSeconds: result.elapsed,
        };
      } finally {
        if (/\bUSE\b/i.test(job.sql)) this.currentDatabase = null;
        if (mayChangeSettings) await this.restoreSettings();
      }
    });
  }

  async run(job) {
    let result;
    try {
      result = Object.keys(job.queryParameters).length > 0
        ? await this.session.queryBindAsync(job.sql, job.queryParameters, { format: job.format })
        : await this.session.queryAsync(job.sql, { format: job.format });
    } catch (e) {
      const error = toClickHouseError(e);
      // An INSERT with an empty body inserts nothing on a server; chDB calls it an error.
      if (error.errorName === 'NO_DATA_TO_INSERT' && job.emptyInsert) {
        return { bytes: new Uint8Array(0), rowsRead: 0, bytesRead: 0, elapsed: 0 };
      }
      throw error;
    }
    return { bytes: result.bytes(), rowsRead: result.rowsRead, bytesRead: result.bytesRead, elapsed: result.elapsed };
  }

  async useDatabase(database) {
    if (database === this.currentDatabase) return;
    try {
      await this.session.queryAsync(`USE ${quoteIdentifier(database)}`, { format: 'TSV' });
    } catch (e) {
      this.currentDatabase = null;
      throw toClickHouseError(e);
    }
    this.currentDatabase = database;
  }

  async applySettings(settings) {
    if (settings.size === 0) return;
    const assignments = [...settings].map(([name, value]) => `${name} = ${quoteString(value)}`);
    try {
      await this.session.queryAsync(`SET ${assignments.join(', ')}`, { format: 'TSV' });
    } catch (e) {
      throw toClickHouseError(e);
    }
  }

  async changedSettings() {
    const result = await this.session.queryAsync(
      'SELECT name, value FROM system.settings WHERE changed', { format: 'JSONCompactEachRow' });
    return new Map(result.text().split('\n').filter((l) => l).map((l) => JSON.parse(l)));
  }

  /** Puts every setting a request changed back to the value it had when the server started. */
  async restoreSettings() {
    try {
      const changed = await this.changedSettings();
      const assignments = [];
      for (const [name, value] of changed) {
        if (this.baselineSettings.get(name) !== value) {
          assignments.push(this.baselineSettings.has(name)
            ? `${name} = ${quoteString(this.baselineSettings.get(name))}` : `${name} = DEFAULT`);
        }
      }
      for (const [name, value] of this.baselineSettings) {
        if (!changed.has(name)) assignments.push(`${name} = ${quoteString(value)}`);
      }
      if (assignments.length > 0) {
        await this.session.queryAsync(`SET ${assignments.join(', ')}`, { format: 'TSV' });
      }
    } catch (e) {
      process.stderr.write(`could not restore the session's settings: ${firstLine(e.message)}\n`);
    }
  }

  /** Process-wide counters of inserted rows and bytes; the difference around an INSERT is its summary. */
  async insertCounters() {
    const result = await this.session.queryAsync(
      "SELECT event, value FROM system.events WHERE event IN ('InsertedRows', 'InsertedBytes')",
      { format: 'JSONCompactEachRow' });
    const values = new Map(result.text().split('\n').filter((l) => l).map((l) => JSON.parse(l)));
    return { rows: Number(values.get('InsertedRows') || 0), bytes: Number(values.get('InsertedBytes') || 0) };
  }

  close() {
    this.session.close();
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

// URL parameters that belong to the HTTP protocol; every other parameter is a setting.
const PROTOCOL_PARAMS = new Set([
  'query', 'database', 'default_format', 'user', 'password', 'quota_key', 'query_id', 'session_id',
  'session_timeout', 'session_check', 'compress', 'decompress', 'enable_http_compression', 'buffer_size',
  'wait_end_of_query', 'stacktrace', 'role', 'client_protocol_version', 'http_zlib_compression_level',
]);

// Settings a shared session cannot honour per request. "readonly" could never be undone: once
// set, the session refuses to change it back.
const IGNORED_SETTINGS = new Set(['readonly']);

/** Reads the request body, undoing HTTP Content-Encoding. */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const raw = Buffer.concat(chunks);
  const encoding = (req.headers['content-encoding'] || '').trim().toLowerCase();
  if (raw.length === 0 || encoding === '' || encoding === 'identity') return raw;
  try {
    switch (encoding) {
      case 'gzip': case 'x-gzip': return zlib.gunzipSync(raw);
      case 'deflate': return zlib.inflateSync(raw);
      case 'br': return zlib.brotliDecompressSync(raw);
      default: break;
    }
  } catch (e) {
    throw new ClickHouseError(ErrorCode.UNKNOWN_COMPRESSION_METHOD, 'UNKNOWN_COMPRESSION_METHOD',
      `Cannot decode the ${encoding} request body: ${e.message}.`);
  }
  throw new ClickHouseError(ErrorCode.UNKNOWN_COMPRESSION_METHOD, 'UNKNOWN_COMPRESSION_METHOD',
    `Unsupported Content-Encoding ${encoding}: this local endpoint decodes gzip, deflate and br.`);
}

function isTrue(value) {
  return value != null && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes) {
  try {
    return utf8.decode(bytes);
  } catch (e) {
    return null;
  }
}

/** Turns an HTTP request into what the engine runs (ClickHouse's rules for combining its parts). */
function buildJob(req, url, body, tempFiles) {
  const params = url.searchParams;
  if (isTrue(params.get('compress')) || isTrue(params.get('decompress'))) {
    throw new ClickHouseError(ErrorCode.NOT_IMPLEMENTED, 'NOT_IMPLEMENTED',
      "This local ClickHouse endpoint does not implement ClickHouse's compressed HTTP framing " +
      '(compress=1 / decompress=1): add compress=false to the JDBC URL (dev.tally.common.clickhouse.ClickHouseUrl does).');
  }
  if (/^multipart\//i.test(req.headers['content-type'] || '')) {
    throw new ClickHouseError(ErrorCode.NOT_IMPLEMENTED, 'NOT_IMPLEMENTED',
      'This local ClickHouse endpoint does not accept multipart/form-data requests (external tables, form queries).');
  }

  const queryParam = params.get('query') || '';
  let sql;
  if (body.length === 0) {
    sql = queryParam;
  } else {
    const text = decodeUtf8(body);
    const insertFormat = queryParam ? formatClause(queryParam) : null;
    if (insertFormat && leadingKeyword(queryParam) === 'INSERT' && (text === null || isBinaryFormat(insertFormat))) {
      const file = path.join(os.tmpdir(), `tally-clickhouse-http-${crypto.randomUUID()}.bin`);
      fs.writeFileSync(file, body);
      tempFiles.push(file);
      sql = insertFromFile(queryParam, file);
    }
    if (!sql) {
      if (text === null) {
        throw new ClickHouseError(ErrorCode.BAD_ARGUMENTS, 'BAD_ARGUMENTS',
          'The request body is not UTF-8 text: binary data is accepted only as the data of an ' +
          '"INSERT … FORMAT <format>" statement given in the query URL parameter.');
      }
      // ClickHouse: the query parameter, a line break, then the body.
      sql = queryParam ? `${queryParam}\n${text}` : text;
    }
  }
  if (sql.trim().length === 0) {
    throw new ClickHouseError(ErrorCode.SYNTAX_ERROR, 'SYNTAX_ERROR', 'Empty query.');
  }

  const isInsert = leadingKeyword(sql) === 'INSERT';
  const format = (!isInsert && formatClause(sql))
    || req.headers['x-clickhouse-format'] || params.get('default_format') || 'TabSeparated';

  const settings = new Map();
  const queryParameters = {};
  for (const [name, value] of params) {
    if (name.startsWith('param_')) {
      queryParameters[name.slice('param_'.length)] = value; // decoded below, once the SQL is known
    } else if (!PROTOCOL_PARAMS.has(name) && !IGNORED_SETTINGS.has(name)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new ClickHouseError(ErrorCode.BAD_ARGUMENTS, 'BAD_ARGUMENTS', `Invalid setting name ${JSON.stringify(name)}.`);
      }
      settings.set(name, value);
    }
  }

  for (const name of Object.keys(queryParameters)) {
    queryParameters[name] = parameterValue(sql, name, queryParameters[name]);
  }

  return {
    sql,
    isInsert,
    emptyInsert: isInsert && body.length === 0 && queryParam.length > 0,
    format,
    database: req.headers['x-clickhouse-database'] || params.get('database') || 'default',
    queryId: params.get('query_id') || req.headers['x-clickhouse-query-id'] || crypto.randomUUID(),
    settings,
    queryParameters,
  };
}

function contentType(format) {
  const f = format.toLowerCase();
  if (f.startsWith('tabseparated') || f.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8';
  if (f.startsWith('csv')) return `text/csv; charset=UTF-8; header=${f.includes('withnames') ? 'present' : 'absent'}`;
  if (f.startsWith('json')) return 'application/json; charset=UTF-8';
  if (isBinaryFormat(f)) return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}

function summaryHeader(outcome) {
  // chDB reports the rows and bytes of the result, not of the data scanned: read_* carry those.
  const s = (n) => String(Math.max(0, Math.round(n || 0)));
  return JSON.stringify({
    read_rows: s(outcome.resultRows),
    read_bytes: s(outcome.resultBytes),
    written_rows: s(outcome.writtenRows),
    written_bytes: s(outcome.writtenBytes),
    total_rows_to_read: '0',
    result_rows: s(outcome.resultRows),
    result_bytes: s(outcome.resultBytes),
    elapsed_ns: s((outcome.elapsedSeconds || 0) * 1e9),
  });
}

/** HTTP compression of the response, as ClickHouse does when enable_http_compression=1. */
function compressResponse(req, url, bytes) {
  if (!isTrue(url.searchParams.get('enable_http_compression'))) return { bytes, encoding: null };
  const accepted = (req.headers['accept-encoding'] || '').toLowerCase().split(',').map((e) => e.trim().split(';')[0]);
  if (accepted.includes('gzip')) return { bytes: zlib.gzipSync(bytes), encoding: 'gzip' };
  if (accepted.includes('br')) return { bytes: zlib.brotliCompressSync(bytes), encoding: 'br' };
  if (accepted.includes('deflate')) return { bytes: zlib.deflateSync(bytes), encoding: 'deflate' };
  return { bytes, encoding: null };
}

function createHandler(engine) {
  const displayName = os.hostname();
  const commonHeaders = (queryId) => ({
    'X-ClickHouse-Server-Display-Name': displayName,
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Timezone': SERVER_TIME_ZONE,
  });

  const sendText = (req, res, status, text, headers = {}) => {
    const body = Buffer.from(text, 'utf8');
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': body.length, ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const sendError = (req, res, error, queryId) => {
    sendText(req, res, error.httpStatus, `${error.message} (version ${engine.version} (chDB))\n`, {
      ...commonHeaders(queryId),
      'X-ClickHouse-Exception-Code': String(error.code),
    });
  };

  return async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/ping' || url.pathname === '/replicas_status') {
      return sendText(req, res, 200, 'Ok.\n');
    }
    if (url.pathname !== '/') {
      return sendText(req, res, 404, `There is no handle ${url.pathname}\n\nUse / or /ping for health checks.\n`);
    }
    const tempFiles = [];
    let queryId = url.searchParams.get('query_id') || crypto.randomUUID();
    try {
      const body = await readBody(req);
      if (!url.searchParams.has('query') && body.length === 0 && (req.method === 'GET' || req.method === 'HEAD')) {
        return sendText(req, res, 200, 'Ok.\n');
      }
      const job = buildJob(req, url, body, tempFiles);
      queryId = job.queryId;
      const outcome = await engine.execute(job);
      const { bytes, encoding } = compressResponse(req, url, outcome.bytes);
      res.writeHead(200, {
        'Content-Type': contentType(job.format),
        'Content-Length': bytes.length,
        ...(encoding ? { 'Content-Encoding': encoding } : {}),
        ...commonHeaders(queryId),
        'X-ClickHouse-Format': job.format,
        'X-ClickHouse-Summary': summaryHeader(outcome),
      });
      res.end(req.method === 'HEAD' ? undefined : bytes);
    } catch (e) {
      sendError(req, res, toClickHouseError(e), queryId);
    } finally {
      for (const file of tempFiles) fs.rm(file, { force: true }, () => {});
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

/**
 * Stops on SIGTERM/SIGINT, and with --exit-with-stdin when stdin ends: the parent holds our stdin
 * open, so end-of-file means it has exited (however it died) or wants us gone. Queries already
 * running finish, then the engine closes its data directory cleanly.
 */
function stopOnExitSignals(options, running) {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const { server, engine } = running;
    if (server) {
      server.close();
      server.closeIdleConnections();
    }
    if (engine) await engine.drain();
    if (server) server.closeAllConnections();
    if (engine) engine.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (options.exitWithStdin) {
    process.stdin.on('end', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const running = { server: null, engine: null };
  stopOnExitSignals(options, running);
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 18) fail(`Node.js 20 is required to run the local ClickHouse (found ${process.version})`);
  const chdb = loadChdb();

  // Requests that arrive between binding the port and opening the engine wait for it.
  let resolveHandler;
  const handlerReady = new Promise((resolve) => { resolveHandler = resolve; });
  const server = http.createServer((req, res) => {
    handlerReady.then((handle) => handle(req, res)).catch((e) => {
      // The handler answers every failure a query can have; this is for bugs in it.
      process.stderr.write(`request ${req.method} failed: ${firstLine(e && e.stack ? e.stack : e)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=UTF-8' });
      res.end();
    });
  });
  server.keepAliveTimeout = 10_000; // as ClickHouse; the driver reuses connections within it
  server.requestTimeout = 0; // large INSERT bodies may take long to arrive
  running.server = server;

  // Bind first: a port conflict is the commonest start-up failure and the cheapest to find.
  const port = await listen(server, options);
  const engine = new Engine(openSession(chdb, options.dataDir, options.configFile));
  running.engine = engine;
  try {
    await engine.start();
  } catch (e) {
    fail(`the ClickHouse engine in ${options.dataDir} did not start: ${firstLine(e.message)}`);
  }
  resolveHandler(createHandler(engine));
  process.stdout.write(`ready port=${port}\n`);
}

main().catch((e) => fail(`the local ClickHouse endpoint failed: ${firstLine(e && e.stack ? e.stack : e)}`));
