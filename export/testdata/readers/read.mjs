// Reads a gnlc Parquet export with two readers gnlc did not write and prints, as JSON, what each
// read of every table and view: its row count and an order-independent checksum of its rows.
//
//   node read.mjs [--lines] EXPORT_DIR
//
// prints {"hyparquet": {"members": {"rows": 310, "checksum": "…"}, …}, "parquet-wasm": {…}}.
// An object a reader fails on gets {"error": "…"} instead; --lines adds each object's rows as
// text ("lines", sorted), for a readable diff. The readers:
//   - hyparquet: pure JavaScript, the reader of browser Parquet viewers;
//   - parquet-wasm: arrow-rs compiled to WebAssembly, its Arrow result read with apache-arrow.
//
// The export's layout is read as Hive readers read it (Spark, Trino): every folder of EXPORT_DIR
// whose name does not start with "_" or "." is one object, made of every .parquet file below
// it; a folder name "col=value" on a file's path adds column col with value, %XX unescaped,
// __HIVE_DEFAULT_PARTITION__ being NULL.
//
// Each row becomes one line of text, the same for every reader and for the database (the Go
// test, export/readers_test.go, writes the same text from the values DuckDB returns: keep the
// two in step): "name=value" for every column, in the order of the column names, separated by
// one space, with value
//   NULL                              for NULL
//   JSON.stringify(text)              for text
//   the digits                        for an integer, and for a partition value that is one
//   Number.prototype.toString         for a double (ECMAScript's shortest form)
//   true | false                      for a boolean
//   YYYY-MM-DD                        for a date
//   YYYY-MM-DDTHH:MM:SS.ffffffZ       for a timestamp, in UTC, to the microsecond
//   the digits with the scale's point for a decimal (12.50)
//   [v,v,…]                           for a list, each element as above
// The checksum is the SHA-256 (hex) of the rows' SHA-256 (hex) sorted and joined by "\n": the
// order of rows and files does not matter, every value does.

import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { DateUnit, TimeUnit, Type, tableFromIPC } from 'apache-arrow'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet'
import { readParquet } from 'parquet-wasm'

const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__'

const args = process.argv.slice(2)
const withLines = args[0] === '--lines'
if (withLines) args.shift()
if (args.length !== 1) {
  console.error('usage: node read.mjs [--lines] EXPORT_DIR')
  process.exit(2)
}
const root = args[0]

// ---- the text of a value, shared by the readers

const sha256 = s => createHash('sha256').update(s).digest('hex')

function isoDate (days) {
  return new Date(days * 86400000).toISOString().slice(0, 10)
}

function isoTimestamp (micros) {
  let seconds = micros / 1000000n
  let frac = micros % 1000000n
  if (frac < 0n) {
    seconds -= 1n
    frac += 1000000n
  }
  const iso = new Date(Number(seconds) * 1000).toISOString() // YYYY-MM-DDTHH:MM:SS.000Z
  return iso.slice(0, 19) + '.' + String(frac).padStart(6, '0') + 'Z'
}

function decimalText (unscaled, scale) {
  const neg = unscaled < 0n
  let digits = String(neg ? -unscaled : unscaled)
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0')
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale)
  }
  return (neg ? '-' : '') + digits
}

// partitionText is the text of a value read from a folder name.
function partitionText (raw) {
  const v = decodeURIComponent(raw)
  if (v === HIVE_NULL) return 'NULL'
  if (/^-?[0-9]+$/.test(v)) return v
  return JSON.stringify(v)
}

function line (columns) {
  return Object.keys(columns).sort().map(name => name + '=' + columns[name]).join(' ')
}

function summary (lines) {
  const hashes = lines.map(sha256).sort()
  const out = { rows: lines.length, checksum: sha256(hashes.join('\n')) }
  if (withLines) out.lines = [...lines].sort()
  return out
}

// ---- the export's layout

function objects () {
  return readdirSync(root, { withFileTypes: true })
    .filter(e => e.isDirectory() && !/^[_.]/.test(e.name))
    .map(e => e.name)
    .sort()
}

// files returns every .parquet file below dir with the Hive partition columns of its path.
function files (dir, partitions = {}) {
  const out = []
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
    if (/^[_.]/.test(e.name)) continue
    const path = join(dir, e.name)
    if (e.isDirectory()) {
      const eq = e.name.indexOf('=')
      const more = eq > 0 ? { ...partitions, [e.name.slice(0, eq)]: partitionText(e.name.slice(eq + 1)) } : partitions
      out.push(...files(path, more))
    } else if (e.name.endsWith('.parquet')) {
      out.push({ path, partitions })
    }
  }
  return out
}

function addPartitions (columns, partitions, path) {
  for (const [name, text] of Object.entries(partitions)) {
    if (name in columns) throw new Error(`${path}: column ${name} is both in the file and in the folder name`)
    columns[name] = text
  }
  return columns
}

// ---- hyparquet

class Days { constructor (n) { this.n = n } }
class Micros { constructor (n) { this.n = n } }

// The parsers keep dates and timestamps exact: hyparquet's own give a JavaScript Date, to the
// millisecond.
const parsers = {
  dateFromDays: n => new Days(n),
  timestampFromMilliseconds: n => new Micros(n * 1000n),
  timestampFromMicroseconds: n => new Micros(n),
  timestampFromNanoseconds: n => new Micros(n / 1000n),
}

// hyparquet returns a decimal as a Number; its scale comes from the schema. Exact to 15 digits,
// which the exported decimals are well within.
function hyparquetText (v, leaf) {
  if (v === null || v === undefined) return 'NULL'
  if (Array.isArray(v)) return '[' + v.map(e => hyparquetText(e, leaf)).join(',') + ']'
  if (v instanceof Days) return isoDate(v.n)
  if (v instanceof Micros) return isoTimestamp(v.n)
  switch (typeof v) {
    case 'bigint':
    case 'boolean':
      return String(v)
    case 'number':
      return leaf.converted_type === 'DECIMAL' ? v.toFixed(leaf.scale ?? 0) : String(v)
    case 'string':
      return JSON.stringify(v)
  }
  throw new Error(`hyparquet: a value of a type the test does not know: ${typeof v} ${v?.constructor?.name}`)
}

function leafOf (node) {
  while (node.children.length > 0) node = node.children[0]
  return node.element
}

async function readHyparquet ({ path, partitions }) {
  const file = await asyncBufferFromFile(path)
  const metadata = await parquetMetadataAsync(file, { parsers })
  const leaves = Object.fromEntries(parquetSchema(metadata).children.map(c => [c.element.name, leafOf(c)]))
  const rows = await parquetReadObjects({ file, metadata, parsers })
  return rows.map(row => {
    const columns = {}
    for (const [name, leaf] of Object.entries(leaves)) columns[name] = hyparquetText(row[name], leaf)
    return line(addPartitions(columns, partitions, path))
  })
}

// ---- parquet-wasm (arrow-rs), read through apache-arrow

// chunkAt returns the Data chunk of vec holding row i, and the row's index in it.
function chunkAt (vec, i) {
  for (const data of vec.data) {
    if (i < data.length) return [data, i]
    i -= data.length
  }
  throw new RangeError(`row ${i} past the end`)
}

function arrowText (vec, i) {
  if (!vec.isValid(i)) return 'NULL'
  const type = vec.type
  switch (type.typeId) {
    case Type.Int:
    case Type.Bool:
      return String(vec.get(i))
    case Type.Float:
      return String(vec.get(i))
    case Type.Utf8:
    case Type.LargeUtf8:
      return JSON.stringify(vec.get(i))
    case Type.Date: {
      const [data, j] = chunkAt(vec, i)
      return isoDate(type.unit === DateUnit.DAY ? data.values[j] : Number(data.values[j]) / 86400000)
    }
    case Type.Timestamp: {
      // The raw 64-bit value: apache-arrow's get rounds microseconds into a double.
      const [data, j] = chunkAt(vec, i)
      const v = BigInt(data.values[j])
      switch (type.unit) {
        case TimeUnit.SECOND: return isoTimestamp(v * 1000000n)
        case TimeUnit.MILLISECOND: return isoTimestamp(v * 1000n)
        case TimeUnit.MICROSECOND: return isoTimestamp(v)
        case TimeUnit.NANOSECOND: return isoTimestamp(v / 1000n)
      }
      break
    }
    case Type.Decimal: {
      // Little-endian 32-bit words, two's complement.
      const [data, j] = chunkAt(vec, i)
      const words = type.bitWidth / 32
      let v = 0n
      for (let w = words - 1; w >= 0; w--) v = (v << 32n) | BigInt(data.values[j * words + w])
      if (v >= 1n << BigInt(type.bitWidth - 1)) v -= 1n << BigInt(type.bitWidth)
      return decimalText(v, type.scale)
    }
    case Type.List:
    case Type.LargeList: {
      const items = vec.get(i)
      const out = []
      for (let k = 0; k < items.length; k++) out.push(arrowText(items, k))
      return '[' + out.join(',') + ']'
    }
  }
  throw new Error(`parquet-wasm: an Arrow type the test does not know: ${type}`)
}

function readParquetWasm ({ path, partitions }) {
  const table = tableFromIPC(readParquet(readFileSync(path)).intoIPCStream())
  const vectors = table.schema.fields.map(f => [f.name, table.getChild(f.name)])
  const out = []
  for (let i = 0; i < table.numRows; i++) {
    const columns = {}
    for (const [name, vec] of vectors) columns[name] = arrowText(vec, i)
    out.push(line(addPartitions(columns, partitions, path)))
  }
  return out
}

// ---- main

const readers = { hyparquet: readHyparquet, 'parquet-wasm': readParquetWasm }
const result = {}
for (const [reader, read] of Object.entries(readers)) {
  result[reader] = {}
  for (const name of objects()) {
    try {
      const lines = []
      for (const f of files(join(root, name))) lines.push(...await read(f))
      result[reader][name] = summary(lines)
    } catch (err) {
      result[reader][name] = { error: String(err?.message ?? err) }
    }
  }
}
process.stdout.write(JSON.stringify(result, null, 1) + '\n')
